import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import express, { type Express, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import { AlertFeed } from '../../alerts/feed';
import type { Logger } from '../logger';
import { alertStreamRouter } from '../../alerts/stream-routes';
import { alertsRouter } from '../../alerts/routes';
import { auditTrail } from '../../audit/trail';
import { caseActionsRouter } from '../../case/action-routes';
import { casesRouter } from '../../case/routes';
import { auditRouter } from '../../audit/routes';
import { codecRouter, type CodecEndpointOptions } from '../../audit/codec-routes';
import { methodNotAllowed } from './method-guard';
import { apiDocsRouter, openApiDocument } from './openapi';
import { createOperations } from './operations';
import { partnerRouter } from '../../children/partner-routes';
import { problemHandler, sendProblem } from './problem';
import { requestLog } from './request-log';
import { refuseInvalidUtf8, requireJsonBody } from './validate';

export interface ApiDependencies {
  pool: Pool;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** how long POST /cases waits for the worker to record a new case before answering 202 */
  readYourWriteTimeoutMs: number;
  /** bearer-token verification (src/auth's createAuthenticator); sets the principal on the request */
  authenticate: RequestHandler;
  /** how long a request waits for a case's workflow to answer an Update or Query before 503 */
  caseCallTimeoutMs: number;
  /** the codec endpoint for the Temporal UI; it authenticates its callers itself */
  codecEndpoint?: CodecEndpointOptions;
  /** decrypts payloads for history export and replay (the same converter the worker uses) */
  historyConverter: DataConverter;
  /** new alerts for GET /alerts/stream; unset: one made for this app (close it on shutdown to end open streams) */
  alertFeed?: AlertFeed;
}

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger)); // one line per request, without personal data
  const operations = createOperations(deps);
  app.use(operations.observe); // request metrics, by route template
  app.use(methodNotAllowed(openApiDocument())); // 405 with Allow for a documented path and another method
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(operations.router); // GET /readyz and /metrics, without a token
  if (deps.codecEndpoint) app.use(codecRouter(deps, deps.codecEndpoint));
  app.use(apiDocsRouter()); // GET /openapi.json and /docs, without a token
  // Everything below needs a verified token; bodies are read only once the caller is known.
  app.use(deps.authenticate);
  app.use(auditTrail(deps)); // the access log of case reads and the audit log of actions, for every route
  app.use(requireJsonBody, express.json({ limit: '64kb', strict: true, verify: refuseInvalidUtf8 }));
  app.use(casesRouter(deps));
  app.use(caseActionsRouter(deps));
  app.use(auditRouter(deps));
  app.use(alertStreamRouter({ ...deps, alertFeed: deps.alertFeed ?? new AlertFeed(deps) }));
  app.use(alertsRouter(deps));
  app.use(partnerRouter(deps));
  app.use((req, res) => sendProblem(res, { type: 'not-found', detail: `no route ${req.method} ${req.path}` }));
  app.use(problemHandler((error) => deps.logger.error({ err: error }, 'unexpected error handling a request')));
  return app;
}
