import { Writable } from 'node:stream';
import pino from 'pino';
import { createLogger, temporalLoggerFor } from '../../src/platform/logger';

/** Our logger writing its JSON lines into an array. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', false);
  (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger, lines };
}

describe('temporalLoggerFor: the Temporal SDK’s lines in our logs', () => {
  it('nests the SDK’s details under temporal and names an error by its kind, so case content in either is never printed', () => {
    const { logger, lines } = capturingLogger();
    const failed = Object.assign(new Error('duplicate key value violates unique constraint'), {
      code: '23505',
      detail: 'Key (reference)=(FICTIONAL-TENANCY-0001) already exists.',
    });
    temporalLoggerFor(logger).warn('Activity failed', {
      error: failed,
      workflowId: 'case-00000000-0000-4000-8000-000000000000',
      survivor: { reference: 'FICTIONAL-TENANCY-0001' },
    });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).not.toContain('FICTIONAL-TENANCY-0001');
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'Activity failed',
      component: 'temporal',
      error: { type: 'Error', code: '23505' },
      temporal: { workflowId: 'case-00000000-0000-4000-8000-000000000000', survivor: '[redacted]' },
    });
  });

  it('never lets the SDK’s fields shadow ours', () => {
    const { logger, lines } = capturingLogger();
    temporalLoggerFor(logger).info('Worker state changed', { component: 'not-ours', state: 'RUNNING' });
    expect(lines[0]).toMatchObject({ component: 'temporal', temporal: { component: 'not-ours', state: 'RUNNING' } });
  });
});
