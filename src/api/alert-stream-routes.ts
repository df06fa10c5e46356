import { Router } from 'express';
import type { Pool } from 'pg';
import type { AlertFeed } from '../alerts/alert-feed';
import { findInboxAlert } from '../alerts/alert-inbox';
import { currentUser } from '../auth';
import type { Logger } from '../logger';
import { readsAlerts } from './case-access';

/** Often enough that proxies with a 30–60 s idle timeout keep the stream open. */
export const HEARTBEAT_INTERVAL_MS = 20_000;

/**
 * GET /alerts/stream: the caller's new alerts as server-sent events, as they are stored. Who sees
 * what is exactly GET /alerts's rule: each new alert is re-read through the inbox query as the
 * caller, and sent only if it is in their inbox.
 *
 *   event: ready            once subscribed (alerts stored from then on will come)
 *   event: alert, id: <alertId>, data: the alert as GET /alerts shows it
 *   ": heartbeat" comments every 20 s
 *
 * The stream is live only: a client that (re)connects reads GET /alerts for what it missed.
 */
export function alertStreamRouter(deps: { pool: Pool; logger: Logger; alertFeed: AlertFeed }): Router {
  const router = Router();

  router.get('/alerts/stream', readsAlerts, async (req, res) => {
    const principal = currentUser(req);
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

    // One alert at a time per stream, in the order they were announced.
    let queue = Promise.resolve();
    try {
      unsubscribe = await deps.alertFeed.subscribe({
        onAlert: (notice) => {
          if (notice.organisationId !== principal.organisationId) return;
          queue = queue
            .then(async () => {
              if (!open) return;
              const alert = await findInboxAlert(deps.pool, principal, notice.alertId);
              if (alert) write(`id: ${alert.alertId}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`);
            })
            .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not read a new alert for a stream'));
        },
        onClose: end,
      });
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not subscribe to new alerts');
      write('event: error\ndata: {"detail":"new alerts cannot be followed now; try again later"}\n\n');
      end();
      return;
    }
    if (!open) {
      unsubscribe();
      return;
    }
    write('retry: 5000\nevent: ready\ndata: {}\n\n');
  });

  return router;
}
