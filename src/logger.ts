import pino from 'pino';

/**
 * Structured JSON logs. Log ids, states and counts, never case content: the redaction below
 * is a safety net for mistakes, not a licence to log request bodies.
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  return pino({
    level,
    base: { service: 'da-case-orchestrator' },
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.survivor', '*.perpetrator', '*.safeContact', 'body'],
      censor: '[redacted]',
    },
  });
}

export type Logger = pino.Logger;
