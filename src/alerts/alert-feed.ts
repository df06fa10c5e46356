import { Client as PgClient, type Pool } from 'pg';
import type { Logger } from '../logger';

/**
 * New alerts as they are stored, for the live alert stream (GET /alerts/stream). One source per
 * feed (one feed per API process) fans out to every subscriber; it runs only while someone is
 * subscribed.
 *
 * The source is PostgreSQL LISTEN/NOTIFY: a trigger on `alerts` (migrations/
 * 1732291200000_alert-notifications.sql) announces each new row on the `alerts` channel with its
 * alert and organisation ids only, and one dedicated connection (outside the pool) listens. The
 * embedded PGlite database of `npm start` shares one session among its clients and delivers no
 * notifications (src/runtime/pglite-session-server.ts), so there (detected by `version()`), or
 * wherever the listening connection cannot be opened, the feed polls the table every
 * `pollIntervalMs` (2 s) for rows with a larger `feed_seq` instead.
 *
 * A notice says only that an alert exists; each subscriber re-reads it through the inbox query,
 * which applies that reader's visibility rules (src/alerts/alert-inbox.ts).
 */
export interface AlertNotice {
  alertId: string;
  organisationId: string;
}

export interface AlertSubscriber {
  onAlert(notice: AlertNotice): void;
  /** the feed is closing (the process is stopping): end the stream */
  onClose(): void;
}

export type AlertFeedMode = 'listen' | 'poll';

export interface AlertFeedOptions {
  pool: Pool;
  logger: Logger;
  /** unset: detect (poll on PGlite, listen elsewhere) */
  mode?: AlertFeedMode;
  pollIntervalMs?: number;
}

interface Source {
  mode: AlertFeedMode;
  stop(): Promise<void>;
}

export const ALERTS_CHANNEL = 'alerts';

export class AlertFeed {
  private readonly subscribers = new Set<AlertSubscriber>();
  private source: Promise<Source> | undefined;
  private closed = false;

  constructor(private readonly options: AlertFeedOptions) {}

  /**
   * Adds a subscriber; resolves once the feed is live (alerts stored from then on reach it), with
   * the function that removes it again.
   */
  async subscribe(subscriber: AlertSubscriber): Promise<() => void> {
    if (this.closed) throw new Error('the alert feed is closed');
    this.subscribers.add(subscriber);
    const unsubscribe = () => this.unsubscribe(subscriber);
    const source = (this.source ??= this.start());
    try {
      await source;
    } catch (error) {
      // the database did not answer: the next subscriber tries afresh
      if (this.source === source) this.source = undefined;
      unsubscribe();
      throw error;
    }
    return unsubscribe;
  }

  /** How the feed is running now, if it is (for tests and logs). */
  async mode(): Promise<AlertFeedMode | undefined> {
    return (await this.source?.catch(() => undefined))?.mode;
  }

  /** Ends every subscriber's stream and stops the source; for shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    for (const subscriber of [...this.subscribers]) subscriber.onClose();
    this.subscribers.clear();
    await this.stopSource();
  }

  private unsubscribe(subscriber: AlertSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    if (this.subscribers.size === 0) void this.stopSource();
  }

  private async stopSource(): Promise<void> {
    const source = this.source;
    this.source = undefined;
    const started = await source?.catch(() => undefined);
    await started?.stop();
  }

  private emit(notice: AlertNotice): void {
    for (const subscriber of this.subscribers) {
      try {
        subscriber.onAlert(notice);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'an alert stream subscriber failed');
      }
    }
  }

  private async start(): Promise<Source> {
    const mode = this.options.mode ?? (await detectMode(this.options.pool));
    if (mode === 'listen') {
      try {
        return await listen(this.options, (notice) => this.emit(notice));
      } catch (error) {
        this.options.logger.warn({ err: error }, 'cannot LISTEN for new alerts; polling the alerts table instead');
      }
    }
    return poll(this.options, (notice) => this.emit(notice));
  }
}

/** PGlite (the embedded database) delivers no notifications to its clients: they share one session. */
async function detectMode(pool: Pool): Promise<AlertFeedMode> {
  const { rows } = await pool.query<{ version: string }>('SELECT version() AS version');
  return /pglite/i.test(rows[0]?.version ?? '') ? 'poll' : 'listen';
}

function parseNotice(payload: string | undefined): AlertNotice | undefined {
  try {
    const parsed: unknown = JSON.parse(payload ?? '');
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { alert_id: alertId, organisation_id: organisationId } = parsed as Record<string, unknown>;
    return typeof alertId === 'string' && typeof organisationId === 'string' ? { alertId, organisationId } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One dedicated connection LISTENing on the channel, re-established with back-off if it drops.
 * Alerts stored while it is down are not announced: a client that reconnects reads GET /alerts.
 */
async function listen({ pool, logger }: AlertFeedOptions, emit: (notice: AlertNotice) => void): Promise<Source> {
  let stopped = false;
  let client: PgClient | undefined;
  let retry: NodeJS.Timeout | undefined;
  let delayMs = 1_000;

  const connect = async (): Promise<void> => {
    const next = new PgClient({ ...pool.options, connectionTimeoutMillis: pool.options.connectionTimeoutMillis || 5_000 });
    next.on('notification', (message) => {
      if (message.channel !== ALERTS_CHANNEL) return;
      const notice = parseNotice(message.payload);
      if (notice) emit(notice);
      else logger.warn('an alert notification without the expected ids was ignored');
    });
    const lost = (error?: Error) => {
      if (stopped || client !== next) return;
      client = undefined;
      logger.warn({ err: error, retryInMs: delayMs }, 'lost the connection listening for new alerts; reconnecting');
      void next.end().catch(() => undefined);
      scheduleReconnect();
    };
    next.on('error', lost);
    next.on('end', () => lost());
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${ALERTS_CHANNEL}`);
    } catch (error) {
      client = undefined;
      await next.end().catch(() => undefined);
      throw error;
    }
    delayMs = 1_000;
  };

  const scheduleReconnect = () => {
    retry = setTimeout(() => {
      retry = undefined;
      if (stopped) return;
      connect().catch((error: unknown) => {
        logger.warn({ err: error, retryInMs: delayMs }, 'could not listen for new alerts; retrying');
        scheduleReconnect();
      });
    }, delayMs);
    retry.unref();
    delayMs = Math.min(delayMs * 2, 30_000);
  };

  await connect();
  return {
    mode: 'listen',
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end().catch(() => undefined);
    },
  };
}

/** Polls for rows stored after the last one seen (PGlite: one transaction at a time, so storage order is commit order). */
async function poll({ pool, logger, pollIntervalMs = 2_000 }: AlertFeedOptions, emit: (notice: AlertNotice) => void): Promise<Source> {
  const start = await pool.query<{ seq: string }>('SELECT coalesce(max(feed_seq), 0)::text AS seq FROM alerts');
  let cursor = start.rows[0]!.seq;
  let running: Promise<void> | undefined;
  const tick = async () => {
    const { rows } = await pool.query<{ alert_id: string; organisation_id: string; seq: string }>(
      'SELECT alert_id, organisation_id, feed_seq::text AS seq FROM alerts WHERE feed_seq > $1::bigint ORDER BY feed_seq LIMIT 500',
      [cursor],
    );
    for (const row of rows) {
      cursor = row.seq;
      emit({ alertId: row.alert_id, organisationId: row.organisation_id });
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = tick()
      .catch((error: unknown) => logger.warn({ err: error }, 'could not poll for new alerts'))
      .finally(() => {
        running = undefined;
      });
  }, pollIntervalMs);
  timer.unref();
  return {
    mode: 'poll',
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
