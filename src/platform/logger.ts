import pino from 'pino';
import type { Logger as TemporalLogger, LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';

const REDACTED_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'req.headers.cookie',
  '*.survivor',
  '*.perpetrator',
  '*.safeContact',
  'body',
];

/**
 * Structured logs, one format for every component: JSON, or pretty lines when stdout is a
 * terminal. Log ids, states and counts, never case content: the redaction below is a safety net
 * for mistakes, not a licence to log request bodies.
 */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  pretty: boolean = process.stdout.isTTY === true,
): pino.Logger {
  return pino({
    level,
    base: { service: 'da-case-orchestrator' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' },
          },
        }
      : {}),
  });
}

export type Logger = pino.Logger;

const PINO_LEVEL_OF: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * An error the SDK reports, reduced to what names it: its own fields (a database error's `detail`
 * quotes the row, a partner's answer its body) may hold case content.
 */
function errorKind(error: unknown): { type: string; code?: string | number } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}) };
}

/**
 * The Temporal SDK's logs (its own, Core's forwarded ones, the bundler's) as pino lines at `level`
 * and up. Its details are nested under `temporal`, where the redaction reaches them and they never
 * shadow ours, and an error is logged by its kind only.
 */
export function temporalLoggerFor(logger: Logger, level: string = logger.level): TemporalLogger {
  const child = logger.child({ component: 'temporal' }, { level });
  const log = (temporalLevel: TemporalLogLevel, message: string, meta?: LogMetadata) => {
    const { error, failure, ...details } = meta ?? {};
    const err = errorKind(error ?? failure);
    child[PINO_LEVEL_OF[temporalLevel] ?? 'info']({ temporal: details, ...(err ? { error: err } : {}) }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}
