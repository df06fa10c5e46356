import { Writable } from 'node:stream';
import { format } from 'node:util';
import { DefaultLogger, type LogEntry, type Logger as TemporalLogger } from '@temporalio/worker';
import pino from 'pino';
import { createLogger, type Logger } from '../../src/platform/logger';

/**
 * Captures every log line a test run produces, to prove that no personal data reaches logs
 * (DESIGN §6): the app's pino logger, the Temporal Runtime's logger (the SDK's own lines, workflow
 * and activity loggers, and Core's native lines forwarded to it), console output and anything
 * written to process.stdout / process.stderr.
 *
 * The Temporal Runtime is a per-process singleton installed once (test/support/temporal.ts); it is
 * routed here at DEBUG only when a capture is active at the moment it is installed, so start the
 * capture before the first Temporal environment of the test file.
 */

export type CaptureSource = 'app' | 'temporal' | 'console' | 'stdout' | 'stderr';

export interface CapturedLine {
  source: CaptureSource;
  text: string;
  /** the SDK component for Temporal lines: core, worker, workflow, activity, … */
  component?: string;
}

export interface LogCapture {
  readonly lines: readonly CapturedLine[];
  /** everything captured, one line per entry */
  text(): string;
  /** the app's logger (src/platform/logger.ts, same redaction and fields) writing into this capture, at every level */
  readonly appLogger: Logger;
  /** the logger the Temporal Runtime is installed with while this capture is active */
  readonly temporalLogger: TemporalLogger;
  /** puts console and the process streams back as they were */
  stop(): void;
}

let active: LogCapture | undefined;

/** The capture in force, for test/support/temporal.ts to route the Temporal Runtime through. */
export const activeLogCapture = (): LogCapture | undefined => active;

/**
 * Text for searching, not for reading: strings whole, bytes both as UTF-8 and base64 (so a plain
 * payload that slipped into a log is found), bigints as digits, errors with message and stack.
 */
export function searchableText(value: unknown, seen = new WeakSet<object>()): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || typeof value === 'symbol')
    return String(value);
  if (typeof value === 'function') return `[function ${value.name}]`;
  if (value instanceof Uint8Array)
    return `${Buffer.from(value).toString('utf8')} ${Buffer.from(value).toString('base64')}`;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    return `${value.name}: ${value.message} ${value.stack ?? ''} ${searchableText({ ...value, cause: (value as { cause?: unknown }).cause }, seen)}`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => searchableText(item, seen)).join(', ')}]`;
  const keys: (string | symbol)[] = [...Object.keys(value), ...Object.getOwnPropertySymbols(value)];
  return `{${keys.map((key) => `${String(key)}: ${searchableText((value as Record<string | symbol, unknown>)[key], seen)}`).join(', ')}}`;
}

/** Every form in which a value could appear in a log: as it is, JSON-escaped, URL-encoded or base64. */
export function findPersonalValues(text: string, values: readonly string[]): string[] {
  const haystack = text.toLowerCase();
  return values.filter((value) =>
    [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value), Buffer.from(value).toString('base64')].some(
      (form) => haystack.includes(form.toLowerCase()),
    ),
  );
}

export function startLogCapture(): LogCapture {
  if (active) throw new Error('a log capture is already active');
  const lines: CapturedLine[] = [];
  const record = (source: CaptureSource, text: string, component?: string) =>
    lines.push({ source, text, ...(component ? { component } : {}) });

  // The app's logger: createLogger's own configuration, its output redirected into the capture.
  const appStream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      record('app', chunk.toString());
      done();
    },
  });
  const appLogger = createLogger('trace');
  (appLogger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = appStream;

  // The Runtime keeps its logger for good: once this capture stops, it logs as it does by default.
  let stopped = false;
  const afterwards = new DefaultLogger('WARN');
  const temporalLogger = new DefaultLogger('DEBUG', (entry: LogEntry) => {
    if (stopped) {
      afterwards.log(entry.level, entry.message, entry.meta);
      return;
    }
    const component = typeof entry.meta?.sdkComponent === 'string' ? entry.meta.sdkComponent : undefined;
    record(
      'temporal',
      `${entry.level} ${entry.message} ${entry.meta === undefined ? '' : searchableText(entry.meta)}`,
      component,
    );
  });

  // console and the process streams: recorded, then passed on as before
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originalConsole = Object.fromEntries(consoleMethods.map((method) => [method, console[method]])) as Record<
    (typeof consoleMethods)[number],
    (...args: unknown[]) => void
  >;
  for (const method of consoleMethods) {
    console[method] = (...args: unknown[]) => {
      record('console', `${format(...args)} ${searchableText(args)}`);
      originalConsole[method].apply(console, args);
    };
  }
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const originalWrites = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    const original = originalWrites[name];
    streams[name].write = function write(this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      record(name, typeof chunk === 'string' ? chunk : searchableText(chunk));
      return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as typeof process.stdout.write;
  }

  const capture: LogCapture = {
    lines,
    text: () =>
      lines.map((line) => `[${line.source}${line.component ? `/${line.component}` : ''}] ${line.text}`).join('\n'),
    appLogger,
    temporalLogger,
    stop() {
      stopped = true;
      for (const method of consoleMethods) console[method] = originalConsole[method];
      streams.stdout.write = originalWrites.stdout;
      streams.stderr.write = originalWrites.stderr;
      if (active === capture) active = undefined;
    },
  };
  active = capture;
  return capture;
}
