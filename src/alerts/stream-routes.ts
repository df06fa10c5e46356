import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import type { AlertFeed, AlertNotice } from './feed';
import { findInboxAlert, inboxAlertsAfter, latestFeedSeq } from './inbox';
import { currentUser } from '../platform/auth';
import type { Logger } from '../platform/logger';
import { readsAlerts } from './routes';
import { BEARER_SECURITY, problemResponse } from '../platform/http/openapi';
import { problemTypeUri } from '../platform/http/problem-types';
import { parseOrThrow } from '../platform/http/validate';

/** Often enough that proxies with a 30–60 s idle timeout keep the stream open. */
export const HEARTBEAT_INTERVAL_MS = 20_000;

/** At most this many missed alerts are replayed on resuming; more, and the client is told to read GET /alerts. */
export const MAX_REPLAYED_ALERTS = 500;

/** How long an EventSource waits before reconnecting (it then sends Last-Event-ID by itself). */
const RECONNECT_AFTER_MS = 5_000;

export const lastEventIdHeaderSchema = z.object({
  'Last-Event-ID': z
    .string()
    .regex(/^\d{1,18}$/, 'Last-Event-ID must be the id of an event this stream sent (digits only)')
    .optional()
    .describe('the id of the last event received; the stream first replays the caller’s alerts stored after it'),
});

/** One server-sent event, as OpenAPI 3.1 documents a stream: its schema describes each event. */
const streamEventSchema = z
  .object({
    event: z.enum(['alert', 'ready', 'reset', 'error']).optional(),
    id: z
      .string()
      .regex(/^\d{1,18}$/)
      .optional(),
    data: z
      .string()
      .optional()
      .describe('JSON: the alert; `{}`; `{ detail }` for `reset`; problem details for `error`'),
    retry: z.int().optional(),
  })
  .meta({ id: 'AlertStreamEvent' });

/** GET /alerts/stream in the API's documentation (it is mounted by hand, not from a route table). */
export const ALERT_STREAM_ROUTE: RouteConfig = {
  method: 'get',
  path: '/alerts/stream',
  operationId: 'streamAlerts',
  tags: ['Alerts'],
  summary: 'The caller’s new alerts, as server-sent events',
  description: `Events, each \`id\` a position in the alert feed (increasing):\n\n- \`alert\` (id, data: the alert as GET /alerts shows it);\n- \`ready\` (id) once caught up and subscribed;\n- \`reset\` (id) instead of the missed alerts when more than ${MAX_REPLAYED_ALERTS} were stored since \`Last-Event-ID\`: read GET /alerts;\n- \`error\` (data: problem details) when the feed is lost, e.g. the database restarted; the stream then ends.\n\nHeartbeat comments every 20 s. A client that reconnects with \`Last-Event-ID\` (an EventSource does so by itself) first gets every alert of its inbox stored after that id, then the live ones: none missed, none twice.\n\nRoles: ${readsAlerts.roles.join(', ')}.`,
  'x-roles': [...readsAlerts.roles],
  security: BEARER_SECURITY,
  request: { headers: lastEventIdHeaderSchema },
  responses: {
    200: { description: 'the event stream', content: { 'text/event-stream': { schema: streamEventSchema } } },
    400: problemResponse(400),
    401: problemResponse(401),
    403: problemResponse(403),
  },
};

const sseEvent = (event: string, data: unknown, id?: string): string =>
  `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** The data of an `error` event: problem details, as the API's refusals are. */
const streamProblem = (detail: string) => ({
  type: problemTypeUri('database-unavailable'),
  status: 503,
  title: 'Database unavailable',
  detail,
});

/**
 * GET /alerts/stream: the caller's new alerts as server-sent events, as they are stored. Who sees
 * what is exactly GET /alerts's rule: each new alert is re-read through the inbox query as the
 * caller, and sent only if it is in their inbox.
 *
 *   alert, id: <feed position>   data: the alert as GET /alerts shows it; missed ones first, when
 *                                resuming with Last-Event-ID (at most MAX_REPLAYED_ALERTS)
 *   reset, id: <feed position>   instead of the missed alerts, when there are more: read GET /alerts
 *   ready, id: <feed position>   once caught up and subscribed (alerts stored from then on will come)
 *   error                        the feed was lost (e.g. the database restarted): the stream ends,
 *                                and the client reconnects with Last-Event-ID to get what it missed
 *   ": heartbeat" comments every 20 s
 *
 * No alert is missed or sent twice across a reconnect: the feed is subscribed to before the missed
 * alerts are read, and what it announces meanwhile is held back and sent after them, skipping any
 * already sent (alerts commit in feed order, src/alerts/feed.ts).
 */
export function alertStreamRouter(deps: { pool: Pool; logger: Logger; alertFeed: AlertFeed }): Router {
  const router = Router();

  router.get('/alerts/stream', readsAlerts, async (req, res) => {
    const principal = currentUser(req);
    const { 'Last-Event-ID': resumeAfter } = parseOrThrow(
      lastEventIdHeaderSchema,
      { 'Last-Event-ID': req.get('Last-Event-ID') },
      'header',
    );
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies would otherwise buffer the stream
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();

    let open = true;
    const write = (text: string) => {
      if (open && !res.writableEnded) res.write(text);
    };
    let unsubscribe: (() => void) | undefined;
    const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_INTERVAL_MS);
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      unsubscribe?.();
      if (!res.writableEnded) res.end();
    };
    req.on('close', end);
    const fail = (detail: string) => {
      write(sseEvent('error', streamProblem(detail)));
      end();
    };

    // The feed position of the last event sent: nothing at or before it is sent (again).
    let sentUpTo = 0n;
    // One alert at a time per stream, in feed order; held back until the missed ones are sent.
    let queue = Promise.resolve();
    const held: AlertNotice[] = [];
    let live = false;
    const send = (notice: AlertNotice) => {
      queue = queue
        .then(async () => {
          if (!open || BigInt(notice.seq) <= sentUpTo) return;
          const alert = await findInboxAlert(deps.pool, principal, notice.alertId);
          sentUpTo = BigInt(notice.seq);
          if (alert) write(sseEvent('alert', alert, notice.seq));
        })
        .catch((error: unknown) => {
          // skipping it would leave a gap behind the next event's id: end, so the client resumes before it
          deps.logger.warn({ err: error }, 'could not read a new alert for a stream');
          fail('a new alert could not be read; reconnect with Last-Event-ID to receive it');
        });
    };
    try {
      unsubscribe = await deps.alertFeed.subscribe({
        onAlert: (notice) => {
          if (notice.organisationId !== principal.organisationId) return;
          if (live) send(notice);
          else held.push(notice);
        },
        onClose: end,
        onLost: () => {
          unsubscribe = undefined;
          // after the alerts already announced
          queue = queue.then(() =>
            fail(
              'the live alert feed lost its database connection; reconnect with Last-Event-ID to receive what was missed',
            ),
          );
        },
      });
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not subscribe to new alerts');
      fail('new alerts cannot be followed now; try again later');
      return;
    }
    if (!open) {
      unsubscribe?.();
      return;
    }

    try {
      const latest = BigInt(await latestFeedSeq(deps.pool));
      const reset = (detail: string) => {
        sentUpTo = latest;
        write(sseEvent('reset', { detail }, String(latest)));
      };
      if (resumeAfter === undefined) {
        sentUpTo = latest;
      } else if (BigInt(resumeAfter) > latest) {
        // Not a position this feed reached (a client's mistake, or a database restored from backup):
        // taking it at its word would skip every new alert up to it.
        reset('Last-Event-ID is beyond the newest alert: read GET /alerts');
      } else {
        const missed = await inboxAlertsAfter(deps.pool, principal, resumeAfter, MAX_REPLAYED_ALERTS + 1);
        if (missed.length > MAX_REPLAYED_ALERTS) {
          reset(`more than ${MAX_REPLAYED_ALERTS} alerts were stored since Last-Event-ID: read GET /alerts`);
        } else {
          for (const { seq, alert } of missed) write(sseEvent('alert', alert, seq));
          sentUpTo = BigInt(missed.at(-1)?.seq ?? resumeAfter);
        }
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not read the alerts a stream missed');
      fail('the alerts missed since Last-Event-ID cannot be read now; reconnect with the same Last-Event-ID later');
      return;
    }
    write(`retry: ${RECONNECT_AFTER_MS}\n${sseEvent('ready', {}, String(sentUpTo))}`);
    live = true;
    for (const notice of held.splice(0)) send(notice);
  });

  return router;
}
