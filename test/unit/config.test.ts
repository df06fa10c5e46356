import { ConfigError, loadConfig } from '../../src/platform/config';

describe('configuration from the environment', () => {
  it('runs on embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, TEMPORAL_UI_PORT: 8233, TEMPORAL_TASK_QUEUE: 'da-cases' });
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names each bad variable and what is expected, without echoing its value', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://secret-password@db', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/LOG_LEVEL: /);
    expect(message).not.toMatch(/secret-password/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ TEMPORAL_ADDRESS: '' }).TEMPORAL_ADDRESS).toBeUndefined();
  });

  it('takes the Temporal SDK metrics address as host:port', () => {
    expect(loadConfig({}).TEMPORAL_METRICS_BIND).toBeUndefined();
    expect(loadConfig({ TEMPORAL_METRICS_BIND: '127.0.0.1:9464' }).TEMPORAL_METRICS_BIND).toBe('127.0.0.1:9464');
    expect(loadConfig({ TEMPORAL_METRICS_BIND: '[::1]:9464' }).TEMPORAL_METRICS_BIND).toBe('[::1]:9464');
    expect(() => loadConfig({ TEMPORAL_METRICS_BIND: 'http://0.0.0.0:9464/metrics' })).toThrow(
      /TEMPORAL_METRICS_BIND: expected host:port/,
    );
  });
});
