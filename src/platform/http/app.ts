import express, { type Express, type RequestHandler, type Router } from 'express';
import type { ApiDependencies } from './dependencies';
import { methodNotAllowed } from './method-guard';
import { apiDocsRouter, type OpenApiDocument } from './openapi';
import { createOperations } from './operations';
import { problemHandler, sendProblem } from './problem';
import { requestLog } from './request-log';
import { refuseInvalidUtf8, requireJsonBody } from './validate';

/** The domains' part of the app, which src/api.ts puts together: this file only mounts it. */
export interface HttpApi {
  /** the API's documentation, which also says which methods each path has */
  document: OpenApiDocument;
  /** mounted before the bearer-token check: routes that authenticate their callers themselves */
  selfAuthenticating: readonly Router[];
  /** mounted behind the token check, before any router: it sees every answer (the access and audit logs) */
  trail: RequestHandler;
  /** behind the token check, before JSON is required: routes whose body is another type (`bodyMediaTypes`), read by themselves */
  ownBodyRouters: readonly Router[];
  /** behind the token check, with JSON bodies read */
  routers: readonly Router[];
}

export function createHttpApp(
  deps: Pick<ApiDependencies, 'pool' | 'client' | 'logger' | 'authenticate'>,
  api: HttpApi,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger)); // one line per request, without personal data
  const operations = createOperations(deps);
  app.use(operations.observe); // request metrics, by route template
  app.use(methodNotAllowed(api.document)); // 405 with Allow for a documented path and another method
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(operations.router); // GET /readyz and /metrics, without a token
  for (const router of api.selfAuthenticating) app.use(router);
  app.use(apiDocsRouter(api.document)); // GET /openapi.json and /docs, without a token
  // Everything below needs a verified token; bodies are read only once the caller is known.
  app.use(deps.authenticate);
  // What a token reads is case data: never kept in the browser's or a proxy's cache (shared office PCs).
  app.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  app.use(api.trail);
  for (const router of api.ownBodyRouters) app.use(router);
  app.use(requireJsonBody, express.json({ limit: '64kb', strict: true, verify: refuseInvalidUtf8 }));
  for (const router of api.routers) app.use(router);
  app.use((req, res) => sendProblem(res, { type: 'not-found', detail: `no route ${req.method} ${req.path}` }));
  app.use(problemHandler((error) => deps.logger.error({ err: error }, 'unexpected error handling a request')));
  return app;
}
