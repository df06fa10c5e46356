import type { Client } from '@temporalio/client';
import express, { type Express, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { alertsRouter } from './alerts-routes';
import { caseActionsRouter } from './case-actions';
import { casesRouter } from './cases-routes';
import { codecRouter, type CodecEndpointOptions } from './codec-routes';
import { partnerRouter } from './partner-routes';
import { problemHandler, sendProblem } from './problem';

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
}

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  if (deps.codecEndpoint) app.use(codecRouter(deps, deps.codecEndpoint));
  // Everything below needs a verified token; bodies are read only once the caller is known.
  app.use(deps.authenticate);
  app.use(express.json({ limit: '64kb', strict: true }));
  app.use(casesRouter(deps));
  app.use(caseActionsRouter(deps));
  app.use(alertsRouter(deps));
  app.use(partnerRouter(deps));
  app.use((req, res) => sendProblem(res, { status: 404, title: 'Not found', detail: `no route ${req.method} ${req.path}` }));
  app.use(problemHandler((error) => deps.logger.error({ err: error }, 'unexpected error handling a request')));
  return app;
}
