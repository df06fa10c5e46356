import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';

/** The path without its query string: queries may carry search terms, which can be personal data. */
export function loggablePath(url: string | undefined): string {
  return (url ?? '').split('?')[0]!.split('#')[0]!;
}

/**
 * One line per HTTP request: method, path, status and duration only. No headers (tokens,
 * cookies), no query, no body: the case content never reaches the log.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    quietReqLogger: true,
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, path: loggablePath(req.url) }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    wrapSerializers: false,
  }) as unknown as RequestHandler;
}
