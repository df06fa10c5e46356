import type { Client } from '@temporalio/client';
import express, { type Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import { casesRouter } from './cases-routes';
import { problemHandler, sendProblem } from './problem';

export interface ApiDependencies {
  pool: Pool;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** how long POST /cases waits for the worker to record a new case before answering 202 */
  readYourWriteTimeoutMs: number;
}

export function createApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb', strict: true }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(casesRouter(deps));
  app.use((req, res) => sendProblem(res, { status: 404, title: 'Not found', detail: `no route ${req.method} ${req.path}` }));
  app.use(problemHandler((error) => deps.logger.error({ err: error }, 'unexpected error handling a request')));
  return app;
}
