import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { ALERT_FEED_APPLICATION_NAME, AlertFeed, type AlertFeedMode, type AlertNotice } from '../../src/alerts/feed';
import { MAX_REPLAYED_ALERTS } from '../../src/alerts/stream-routes';
import { findInboxAlert, listInbox } from '../../src/alerts/inbox';
import { caseListScope, maySeeCase, type CaseAccessFacts } from '../../src/staff/need-to-know';
import type { Principal } from '../../src/platform/auth';
import { listCases } from '../../src/case/repository';
import { migrateToLatest } from '../../src/platform/db/migrate';
import { createPool } from '../../src/platform/db/pool';
import type { Queryable } from '../../src/platform/db/queryable';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually } from '../support/case-harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { openEventStream, type EventStream } from '../support/event-stream';
import { startEmbeddedDatabaseProcess } from '../support/embedded-database';
import { testLogger } from '../support/temporal';

/** Every combination need-to-know distinguishes, stored as projections. */
const CASES: (CaseAccessFacts & { caseId: string })[] = [];
for (const organisationId of ['stonewater', 'kent']) {
  for (const caseOfficerId of ['officer-ada', 'officer-eve', 'officer-ian']) {
    for (const teamId of ['team-north', 'team-south']) {
      for (const perpetratorOfficerId of [null, 'officer-ada', 'officer-pat', 'mgr-bea', 'lead-cai', 'audit-fay']) {
        CASES.push({ caseId: randomUUID(), organisationId, caseOfficerId, teamId, perpetratorOfficerId });
      }
    }
  }
}

const stonewater = (staffId: string, role: Principal['role'], teamId?: string): Principal => ({
  staffId,
  role,
  organisationId: 'stonewater',
  ...(teamId === undefined ? {} : { teamId }),
});
const PRINCIPALS: Principal[] = [
  stonewater('officer-ada', 'caseworker', 'team-north'),
  stonewater('officer-pat', 'caseworker', 'team-north'),
  stonewater('officer-ian', 'caseworker', 'team-south'),
  stonewater('officer-tom', 'caseworker'),
  stonewater('mgr-bea', 'manager', 'team-north'),
  stonewater('lead-cai', 'da_lead'),
  stonewater('head-dee', 'head_of_service'),
  stonewater('audit-fay', 'auditor'),
  stonewater('admin-gil', 'admin'),
  stonewater('repairs-gus', 'repairs_manager'),
  { staffId: 'svc-idva', role: 'partner', organisationId: 'stonewater', partnerId: 'idva-north' },
  { staffId: 'lead-kim', role: 'da_lead', organisationId: 'kent' },
];

async function insertCase(db: Queryable, facts: CaseAccessFacts & { caseId: string }): Promise<void> {
  await db.query(
    `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level,
                        case_officer_id, team_id, perpetrator_officer_id, opened_at, updated_at, state_version)
     VALUES ($1, $6, $2, $2, '1.0.0', 'open', 'unassessed', $3, $4, $5, now(), now(), 1)`,
    [
      facts.caseId,
      facts.organisationId,
      facts.caseOfficerId,
      facts.teamId,
      facts.perpetratorOfficerId,
      `case-${facts.caseId}`,
    ],
  );
}

async function insertAlert(
  db: Queryable,
  caseId: string,
  organisationId: string,
  recipient: { role: string; staffIds: string[] },
): Promise<string> {
  const alertId = randomUUID();
  await db.query(
    `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, recipient_role, recipient_title, recipient_staff_ids, raised_at)
     VALUES ($1, $2, $3, 'immediate_danger', 'disclosure', $4, 'DA lead', $5, now())`,
    [alertId, caseId, organisationId, recipient.role, recipient.staffIds],
  );
  return alertId;
}

/** Notices as they arrive, and a way to wait for one. */
function collector() {
  const notices: AlertNotice[] = [];
  return {
    notices,
    subscriber: {
      onAlert: (notice: AlertNotice) => notices.push(notice),
      onClose: () => undefined,
      onLost: () => undefined,
    },
    async waitFor(alertId: string, timeoutMs = 10_000): Promise<AlertNotice | undefined> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = notices.find((notice) => notice.alertId === alertId);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return undefined;
    },
  };
}

describe('need-to-know', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const facts of CASES) await insertCase(db.pool, facts);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('follows DESIGN §6 case by case', () => {
    const [facts] = CASES.filter(
      (c) =>
        c.organisationId === 'stonewater' &&
        c.caseOfficerId === 'officer-eve' &&
        c.teamId === 'team-north' &&
        c.perpetratorOfficerId === null,
    );
    const other = { ...facts!, teamId: 'team-south' };
    const [ada, pat, ian, tom, manager, lead, head, auditor, admin, repairs, partner, kentLead] = PRINCIPALS;
    // caseworkers: their team's, and their own in any team
    expect(maySeeCase(ada!, facts!)).toBe(true);
    expect(maySeeCase(ada!, other)).toBe(false);
    expect(maySeeCase(ian!, other)).toBe(true);
    expect(maySeeCase({ ...ian!, staffId: 'officer-eve' }, facts!)).toBe(true);
    expect(maySeeCase(tom!, facts!)).toBe(false); // no team claim: only their own cases
    // the perpetrator's officer never, even in the team, even as a manager or DA lead
    expect(maySeeCase(pat!, facts!)).toBe(true);
    expect(maySeeCase(pat!, { ...facts!, perpetratorOfficerId: 'officer-pat' })).toBe(false);
    expect(maySeeCase(manager!, { ...facts!, perpetratorOfficerId: 'mgr-bea' })).toBe(false);
    expect(maySeeCase(lead!, { ...facts!, perpetratorOfficerId: 'lead-cai' })).toBe(false);
    // the organisation's approvers and auditors: everything in it, nothing outside it
    for (const wide of [manager, lead, head, auditor]) {
      expect(maySeeCase(wide!, facts!)).toBe(true);
      expect(maySeeCase(wide!, other)).toBe(true);
      expect(maySeeCase(wide!, { ...facts!, organisationId: 'kent' })).toBe(false);
    }
    for (const outsider of [admin, repairs, partner, kentLead]) expect(maySeeCase(outsider!, facts!)).toBe(false);
  });

  it('lists exactly the cases maySeeCase allows, for every principal', async () => {
    for (const principal of PRINCIPALS) {
      const listed = await listCases(db.pool, caseListScope(principal), {}, { limit: 100, offset: 0 });
      const expected = CASES.filter((facts) => maySeeCase(principal, facts)).map((facts) => facts.caseId);
      expect({ principal: principal.staffId, cases: listed.items.map((item) => item.caseId).sort() }).toEqual({
        principal: principal.staffId,
        cases: expected.sort(),
      });
      expect(listed.total).toBe(expected.length);
    }
  });

  it('keeps the alerts of a case out of the inbox of anyone who may not see the case', async () => {
    const lead = PRINCIPALS[5]!;
    const shown = CASES.find((c) => c.organisationId === 'stonewater' && c.perpetratorOfficerId === null)!;
    const hidden = CASES.find((c) => c.organisationId === 'stonewater' && c.perpetratorOfficerId === 'lead-cai')!;
    const visibleAlert = await insertAlert(db.pool, shown.caseId, 'stonewater', {
      role: 'da_lead',
      staffIds: ['lead-cai'],
    });
    const hiddenAlert = await insertAlert(db.pool, hidden.caseId, 'stonewater', {
      role: 'da_lead',
      staffIds: ['lead-cai'],
    });
    const orphanAlert = await insertAlert(db.pool, randomUUID(), 'stonewater', {
      role: 'da_lead',
      staffIds: ['lead-cai'],
    });
    const inbox = await listInbox(db.pool, lead, { limit: 100, offset: 0 });
    expect(inbox.items.map((alert) => alert.alertId)).toEqual([visibleAlert]);
    expect(await findInboxAlert(db.pool, lead, visibleAlert)).toMatchObject({
      alertId: visibleAlert,
      caseId: shown.caseId,
    });
    expect(await findInboxAlert(db.pool, lead, hiddenAlert)).toBeUndefined();
    expect(await findInboxAlert(db.pool, lead, orphanAlert)).toBeUndefined();
    // the auditor reads the organisation's alerts, of the cases it may see
    const auditorInbox = await listInbox(db.pool, PRINCIPALS[7]!, { limit: 100, offset: 0 });
    expect(auditorInbox.items.map((alert) => alert.alertId).sort()).toEqual([visibleAlert, hiddenAlert].sort());
  });

  it('shows a repairs manager the repairs escalations of the organisation, and nothing else', async () => {
    const repairsManager = { staffId: 'repairs-gus', role: 'repairs_manager', organisationId: 'stonewater' } as const;
    const someCase = CASES.find((c) => c.organisationId === 'stonewater')!;
    const repairsAlert = await insertAlert(db.pool, someCase.caseId, 'stonewater', {
      role: 'repairs_manager',
      staffIds: ['repairs-gus'],
    });
    await insertAlert(db.pool, someCase.caseId, 'stonewater', { role: 'da_lead', staffIds: ['lead-cai'] });
    const inbox = await listInbox(db.pool, repairsManager, { limit: 100, offset: 0 });
    expect(inbox.items.map((alert) => alert.alertId)).toEqual([repairsAlert]);
    expect(maySeeCase(repairsManager, someCase)).toBe(false);
  });

  it("never shows a repairs manager who works with the perpetrator that case's repairs escalations", async () => {
    const repairsManager = { staffId: 'repairs-hal', role: 'repairs_manager', organisationId: 'stonewater' } as const;
    const linked = {
      caseId: randomUUID(),
      organisationId: 'stonewater',
      caseOfficerId: 'officer-eve',
      teamId: 'team-north',
      perpetratorOfficerId: 'repairs-hal',
    };
    await insertCase(db.pool, linked);
    const unlinked = CASES.find((c) => c.organisationId === 'stonewater' && c.perpetratorOfficerId === null)!;
    const hiddenAlert = await insertAlert(db.pool, linked.caseId, 'stonewater', {
      role: 'repairs_manager',
      staffIds: ['repairs-hal'],
    });
    const shownAlert = await insertAlert(db.pool, unlinked.caseId, 'stonewater', {
      role: 'repairs_manager',
      staffIds: ['repairs-hal'],
    });
    const inbox = await listInbox(db.pool, repairsManager, { limit: 100, offset: 0 });
    expect(inbox.items.map((alert) => alert.alertId)).toContain(shownAlert);
    expect(inbox.items.map((alert) => alert.alertId)).not.toContain(hiddenAlert);
    expect(await findInboxAlert(db.pool, repairsManager, hiddenAlert)).toBeUndefined();
  });
});

/** Ends the alert feed's LISTEN connection, as a PostgreSQL restart or failover would; how many were ended. */
async function terminateAlertListener(db: Queryable): Promise<number> {
  const { rows } = await db.query(
    'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
    [ALERT_FEED_APPLICATION_NAME],
  );
  return rows.length;
}

describe('the alert feed', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it.each<AlertFeedMode>(['listen', 'poll'])('announces each stored alert by its ids (%s)', async (mode) => {
    const feed = new AlertFeed({ pool: db.pool, logger: testLogger, mode, pollIntervalMs: 100 });
    const received = collector();
    const unsubscribe = await feed.subscribe(received.subscriber);
    try {
      expect(await feed.mode()).toBe(mode);
      const caseId = randomUUID();
      const alertId = await insertAlert(db.pool, caseId, 'stonewater', { role: 'da_lead', staffIds: [] });
      expect(await received.waitFor(alertId)).toEqual({
        alertId,
        organisationId: 'stonewater',
        seq: expect.stringMatching(/^\d+$/),
      });
      // a rolled-back insert is never announced
      const client = await db.pool.connect();
      try {
        await client.query('BEGIN');
        const rolledBack = await insertAlert(client, caseId, 'stonewater', { role: 'da_lead', staffIds: [] });
        await client.query('ROLLBACK');
        const after = await insertAlert(db.pool, caseId, 'kent', { role: 'da_lead', staffIds: [] });
        expect(await received.waitFor(after)).toEqual({
          alertId: after,
          organisationId: 'kent',
          seq: expect.stringMatching(/^\d+$/),
        });
        expect(received.notices.map((notice) => notice.alertId)).not.toContain(rolledBack);
      } finally {
        client.release();
      }
    } finally {
      unsubscribe();
      await feed.close();
    }
  });

  it('listens with one connection beside the pool, and stops when the last subscriber leaves', async () => {
    const listeners = async () =>
      (
        await db.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
        )
      ).rows[0]!.n;
    const feed = new AlertFeed({ pool: db.pool, logger: testLogger });
    const first = await feed.subscribe(collector().subscriber);
    const second = await feed.subscribe(collector().subscriber);
    expect(await feed.mode()).toBe('listen');
    expect(await listeners()).toBe(1);
    first();
    expect(await listeners()).toBe(1);
    second();
    const deadline = Date.now() + 5_000;
    while ((await listeners()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await listeners()).toBe(0);
    // closing ends whoever is still subscribed
    let closed = false;
    await feed.subscribe({ onAlert: () => undefined, onClose: () => (closed = true), onLost: () => undefined });
    await feed.close();
    expect(closed).toBe(true);
  });

  it('tells every subscriber when its listening connection is lost, and listens afresh for the next', async () => {
    const feed = new AlertFeed({ pool: db.pool, logger: testLogger });
    let lost = 0;
    try {
      await feed.subscribe({ onAlert: () => undefined, onClose: () => undefined, onLost: () => (lost += 1) });
      await feed.subscribe({ onAlert: () => undefined, onClose: () => undefined, onLost: () => (lost += 1) });
      expect(await terminateAlertListener(db.pool)).toBe(1);
      await eventually(
        async () => lost,
        (count) => count === 2,
      );
      const received = collector();
      await feed.subscribe(received.subscriber);
      const alertId = await insertAlert(db.pool, randomUUID(), 'stonewater', { role: 'da_lead', staffIds: [] });
      expect(await received.waitFor(alertId)).toMatchObject({ alertId });
    } finally {
      await feed.close();
    }
  });

  it('polls on the embedded PGlite database, where the migrations also apply', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-feed-pglite-'));
    const embedded = await startEmbeddedDatabaseProcess(dataDir);
    const pool = createPool(embedded.url, 1);
    const feed = new AlertFeed({ pool, logger: testLogger, pollIntervalMs: 100 });
    try {
      await migrateToLatest(embedded.url);
      const received = collector();
      await feed.subscribe(received.subscriber);
      expect(await feed.mode()).toBe('poll');
      const alertId = await insertAlert(pool, randomUUID(), 'stonewater', { role: 'da_lead', staffIds: [] });
      expect(await received.waitFor(alertId)).toEqual({
        alertId,
        organisationId: 'stonewater',
        seq: expect.stringMatching(/^\d+$/),
      });
    } finally {
      await feed.close();
      await pool.end();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the live alert stream over HTTP', () => {
  const lead = stonewater('lead-cai', 'da_lead');
  const visible = {
    caseId: randomUUID(),
    organisationId: 'stonewater',
    caseOfficerId: 'officer-ada',
    teamId: 'team-north',
    perpetratorOfficerId: null,
  };
  /** the DA lead works with this case's perpetrator: its alerts are never theirs */
  const hidden = { ...visible, caseId: randomUUID(), perpetratorOfficerId: 'lead-cai' };
  let db: TestDatabase;
  let api: RunningApi;
  let token: string;
  const streams: EventStream[] = [];

  const openStream = async (lastEventId?: string): Promise<EventStream> => {
    const stream = await openEventStream(`${api.baseUrl}/alerts/stream`, {
      authorization: `Bearer ${token}`,
      ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
    });
    streams.push(stream);
    expect(stream.status).toBe(200);
    await eventually(
      async () => stream.events,
      (events) => events.some((event) => event.event === 'ready'),
    );
    return stream;
  };
  const raiseForLead = (caseId = visible.caseId) =>
    insertAlert(db.pool, caseId, 'stonewater', { role: 'da_lead', staffIds: ['lead-cai'] });

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertCase(db.pool, visible);
    await insertCase(db.pool, hidden);
    // The stream never reaches the workflow service: a client that is never connected.
    api = await startApi({ pool: db.pool, client: new Client(), taskQueue: 'alert-stream-unused' });
    token = await api.tokenFor(lead);
  });
  afterAll(async () => {
    for (const stream of streams) await stream.close();
    await api?.close();
    await db?.drop();
  });

  it('ends with an error event when its listener is lost, and a client resuming with Last-Event-ID gets every alert exactly once', async () => {
    const first = await openStream();
    const raised: string[] = [];
    let raising = true;
    const raiser = (async () => {
      try {
        for (let n = 0; n < 60; n += 1) {
          raised.push(await raiseForLead());
          if (n % 3 === 0) {
            await raiseForLead(hidden.caseId);
            await insertAlert(db.pool, randomUUID(), 'kent', { role: 'da_lead', staffIds: [] });
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        raising = false;
      }
    })();

    await eventually(
      async () => first.alerts().length,
      (count) => count >= 5,
    );
    expect(await terminateAlertListener(db.pool)).toBe(1);
    let ended = false;
    void first.ended.then(() => (ended = true));
    await eventually(
      async () => ended,
      (done) => done,
    );
    expect(first.events.at(-1)).toMatchObject({
      event: 'error',
      data: { type: '/problems/database-unavailable', status: 503 },
    });

    const lastEventId = first.events.filter((event) => event.id !== undefined).at(-1)!.id!;
    const resumed = await openStream(lastEventId);
    await raiser;
    expect(raising).toBe(false);
    const received = () => [...first.alerts(), ...resumed.alerts()].map((alert: { alertId: string }) => alert.alertId);
    await eventually(
      async () => received(),
      (ids) => ids.length >= raised.length,
    );
    expect(received()).toEqual(raised);
    expect(resumed.alerts().every((alert: { caseId: string }) => alert.caseId === visible.caseId)).toBe(true);
  });

  it(`refuses a Last-Event-ID it never sent, and sends a reset instead of more than ${MAX_REPLAYED_ALERTS} missed alerts`, async () => {
    const refused = await api.call('GET', '/alerts/stream', { token, headers: { 'Last-Event-ID': 'not-an-id' } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'header.Last-Event-ID', message: expect.stringContaining('Last-Event-ID') },
    ]);

    const before = await openStream();
    const seen = before.events.find((event) => event.event === 'ready')!.id!;
    await before.close();
    await db.pool.query(
      `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, recipient_role, recipient_title, recipient_staff_ids, raised_at)
       SELECT gen_random_uuid(), $1, 'stonewater', 'immediate_danger', 'disclosure', 'da_lead', 'DA lead', ARRAY['lead-cai'], now()
       FROM generate_series(1, $2::int)`,
      [visible.caseId, MAX_REPLAYED_ALERTS + 1],
    );
    const latest = (await db.pool.query<{ seq: string }>('SELECT max(feed_seq)::text AS seq FROM alerts')).rows[0]!.seq;
    const resumed = await openStream(seen);
    expect(resumed.events.map((event) => [event.event, event.id])).toEqual([
      ['reset', latest],
      ['ready', latest],
    ]);
    expect(resumed.events[0]!.data.detail).toMatch(/GET \/alerts/);
    await resumed.close();

    // A position beyond the newest alert (a database restored from backup, a client's mistake) is
    // not taken at its word, which would skip every new alert up to it: reset to the newest.
    const beyond = await openStream(String(BigInt(latest) + 1_000_000n));
    expect(beyond.events.map((event) => [event.event, event.id])).toEqual([
      ['reset', latest],
      ['ready', latest],
    ]);
    expect(beyond.events[0]!.data.detail).toMatch(/beyond the newest alert/);
    await beyond.close();
  });
});
