import { Client as PgClient, type Pool } from 'pg';
import type { Logger } from '../platform/logger';
import { latestFeedSeq } from './inbox';

/**
 * New alerts as they are stored, for the live alert stream (GET /alerts/stream). One source per
 * feed (one feed per API process) fans out to every subscriber; it runs only while someone is
 * subscribed.
 *
 * The source is PostgreSQL LISTEN/NOTIFY: a trigger on `alerts` (migrations/
 * 1732291200000_alert-notifications.sql) announces each new row on the `alerts` channel with its
 * alert and organisation ids and feed_seq only, and one dedicated connection (outside the pool,
 * application_name `ALERT_FEED_APPLICATION_NAME`) listens. The embedded PGlite database of `npm
 * start` shares one session among its clients and delivers no notifications
 * (src/platform/runtime/pglite-session-server.ts), so there (detected by `version()`), or wherever the
 * listening connection cannot be opened, the feed polls the table every `pollIntervalMs` (2 s) for
 * rows with a larger `feed_seq` instead.
 *
 * Alerts commit in feed_seq order (migrations/1732302000000_alert-feed-order.sql), so subscribers
 * receive them in that order, and a stream can resume after the last feed_seq it sent.
 *
 * A notice says only that an alert exists; each subscriber re-reads it through the inbox query,
 * which applies that reader's visibility rules (src/alerts/inbox.ts).
 */
export interface AlertNotice {
  alertId: string;
  organisationId: string;
  /** the alert's feed_seq, as decimal text (a bigint) */
  seq: string;
}

export interface AlertSubscriber {
  onAlert(notice: AlertNotice): void;
  /** the feed is closing (the process is stopping): end the stream */
  onClose(): void;
  /**
   * The listening connection was lost: alerts stored from now on may not be announced. The
   * subscriber is already removed; it should tell its client and end, so that the client resumes
   * (from the last alert it received) on a feed that listens again.
   */
  onLost(): void;
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

interface SourceEvents {
  emit(notice: AlertNotice): void;
  lost(): void;
}

export const ALERTS_CHANNEL = 'alerts';
/** How operators (and tests) find the listening connection in pg_stat_activity. */
export const ALERT_FEED_APPLICATION_NAME = 'da-case-alert-feed';

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

  /** Drops every subscriber and the source; the next subscriber starts a fresh one. */
  private lose(): void {
    const lost = [...this.subscribers];
    this.subscribers.clear();
    void this.stopSource();
    for (const subscriber of lost) subscriber.onLost();
  }

  private async start(): Promise<Source> {
    const events: SourceEvents = { emit: (notice) => this.emit(notice), lost: () => this.lose() };
    const mode = this.options.mode ?? (await detectMode(this.options.pool));
    if (mode === 'listen') {
      try {
        return await listen(this.options, events);
      } catch (error) {
        this.options.logger.warn({ err: error }, 'cannot LISTEN for new alerts; polling the alerts table instead');
      }
    }
    return poll(this.options, events);
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
    const { alert_id: alertId, organisation_id: organisationId, feed_seq: seq } = parsed as Record<string, unknown>;
    return typeof alertId === 'string' && typeof organisationId === 'string' && Number.isSafeInteger(seq)
      ? { alertId, organisationId, seq: String(seq) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One dedicated connection LISTENing on the channel. If it drops, the source reports the loss and
 * ends (alerts stored meanwhile would not be announced): subscribers resume on a fresh one.
 */
async function listen({ pool, logger }: AlertFeedOptions, events: SourceEvents): Promise<Source> {
  let listening = false;
  let stopped = false;
  const client = new PgClient({
    ...pool.options,
    application_name: ALERT_FEED_APPLICATION_NAME,
    connectionTimeoutMillis: pool.options.connectionTimeoutMillis || 5_000,
  });
  client.on('notification', (message) => {
    if (message.channel !== ALERTS_CHANNEL) return;
    const notice = parseNotice(message.payload);
    if (notice) events.emit(notice);
    else logger.warn('an alert notification without the expected ids was ignored');
  });
  const lost = (error?: Error) => {
    if (!listening || stopped) return;
    stopped = true;
    logger.warn({ err: error }, 'lost the connection listening for new alerts; ending the live alert streams');
    void client.end().catch(() => undefined);
    events.lost();
  };
  client.on('error', lost);
  client.on('end', () => lost());
  try {
    await client.connect();
    await client.query(`LISTEN ${ALERTS_CHANNEL}`);
  } catch (error) {
    stopped = true;
    await client.end().catch(() => undefined);
    throw error;
  }
  listening = true;
  return {
    mode: 'listen',
    async stop() {
      if (stopped) return;
      stopped = true;
      await client.end().catch(() => undefined);
    },
  };
}

/** Polls for rows stored after the last one seen (PGlite: one transaction at a time, so storage order is commit order). */
async function poll(
  { pool, logger, pollIntervalMs = 2_000 }: AlertFeedOptions,
  { emit }: SourceEvents,
): Promise<Source> {
  let cursor = await latestFeedSeq(pool);
  let running: Promise<void> | undefined;
  const tick = async () => {
    const { rows } = await pool.query<{ alert_id: string; organisation_id: string; seq: string }>(
      'SELECT alert_id, organisation_id, feed_seq::text AS seq FROM alerts WHERE feed_seq > $1::bigint ORDER BY feed_seq LIMIT 500',
      [cursor],
    );
    for (const row of rows) {
      cursor = row.seq;
      emit({ alertId: row.alert_id, organisationId: row.organisation_id, seq: row.seq });
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
