import { Writable } from 'node:stream';
import pino from 'pino';
import { logDevServerLine } from '../../src/platform/runtime/embedded-temporal';

/** The Temporal dev server's lines reach `npm start`'s log as our own pino lines, at their level. */
describe('the dev server log', () => {
  function logged(line: string, stopping = false): Record<string, unknown>[] {
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug', base: { service: 'da-case-orchestrator' } },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    logDevServerLine(logger, line, stopping);
    logger.flush();
    return lines.map((text) => JSON.parse(text));
  }

  it('keeps its level and message, and nests its fields so they never replace ours', () => {
    const [entry] = logged(
      '{"time":"2026-12-02T01:35:32Z","level":"ERROR","msg":"Failed to poll for task.","service":"worker","Error":"EOF"}',
    );
    expect(entry).toMatchObject({
      level: 50,
      msg: 'Failed to poll for task.',
      service: 'da-case-orchestrator',
      server: { service: 'worker', Error: 'EOF' },
    });
    expect(logged('{"level":"WARN","msg":"slow"}')[0]).toMatchObject({ level: 40, msg: 'slow' });
    expect(logged('{"level":"FATAL","msg":"gone"}')[0]).toMatchObject({ level: 60 });
  });

  it('logs an error as a warning once it is stopping: its services report one another closing', () => {
    const closing = '{"level":"ERROR","msg":"service failures","error":"task queue closed"}';
    expect(logged(closing, true)[0]).toMatchObject({ level: 40, msg: 'service failures' });
    expect(logged(closing)[0]).toMatchObject({ level: 50 });
  });

  it('carries a line that is not its JSON as one info line, and skips blank ones', () => {
    expect(logged('some text')).toEqual([
      expect.objectContaining({ level: 30, msg: 'temporal dev server output', line: 'some text' }),
    ]);
    expect(logged('   ')).toEqual([]);
  });
});
