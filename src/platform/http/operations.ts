import type { Client } from '@temporalio/client';
import { Router, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import type { Logger } from '../logger';

/**
 * For operators, without a token: GET /readyz (can this instance serve: PostgreSQL and Temporal
 * answer) and GET /metrics (Prometheus). /healthz (app.ts) stays a liveness check that touches
 * nothing. They sit on fixed paths so that a proxy or network policy can keep them internal
 * (README, "Operations").
 *
 * Metric labels are the method, the route TEMPLATE (`/cases/:caseId`, never the path with its ids)
 * and the status: never a case id, a staff id or anything else from a request.
 */
export interface Operations {
  /** mount first: times every request */
  observe: RequestHandler;
  /** GET /readyz and GET /metrics */
  router: Router;
  registry: Registry;
}

export interface OperationsDependencies {
  pool: Pool;
  client: Client;
  logger: Logger;
  /** how long each readiness check may take before it counts as failed */
  readinessTimeoutMs?: number;
}

/** The label of a request no route matched (401 before routing, unknown paths, static files). */
const UNMATCHED = '(unmatched)';

export function createOperations(deps: OperationsDependencies): Operations {
  // One registry per app, so that several apps in one process (tests) never share or clash.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const observe: RequestHandler = (req, res, next) => {
    const stopTimer = duration.startTimer();
    // 'close' comes after the answer is sent, or when the client went away (e.g. the alert stream).
    res.once('close', () => {
      const template: unknown = req.route?.path;
      const labels = {
        method: req.method,
        route: typeof template === 'string' ? template : UNMATCHED,
        status: String(res.statusCode),
      };
      requests.inc(labels);
      stopTimer(labels);
    });
    next();
  };

  const timeoutMs = deps.readinessTimeoutMs ?? 2_000;
  const router = Router();
  router.get('/readyz', async (_req, res) => {
    const [database, temporal] = await Promise.all([
      check('database', () => deps.pool.query('SELECT 1'), timeoutMs, deps.logger),
      check(
        'temporal',
        () => deps.client.withDeadline(Date.now() + timeoutMs, () => deps.client.workflowService.getSystemInfo({})),
        timeoutMs,
        deps.logger,
      ),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    res.set('Cache-Control', 'no-store');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } } satisfies z.infer<
        typeof readinessSchema
      >);
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType);
    res.set('Cache-Control', 'no-store');
    res.send(await registry.metrics());
  });

  return { observe, router, registry };
}

const checkResultSchema = z.enum(['ok', 'failed', 'timeout']);
type CheckResult = z.infer<typeof checkResultSchema>;

/** GET /readyz's answer, as the API documentation describes it. */
export const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: checkResultSchema, temporal: checkResultSchema }),
});

/** One dependency's answer within the time allowed; why it failed goes to the log, not the caller. */
async function check(
  name: string,
  probe: () => Promise<unknown>,
  timeoutMs: number,
  logger: Logger,
): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([probe().then((): 'ok' => 'ok'), timedOut]);
    if (result === 'timeout') logger.warn({ check: name, timeoutMs }, 'readiness check timed out');
    return result;
  } catch (error) {
    logger.warn({ check: name, err: error }, 'readiness check failed');
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
