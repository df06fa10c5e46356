import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool, type PoolClient } from 'pg';
import { inTransaction } from '../../src/platform/db/transaction';
import { EXIT_BROKEN, EXIT_OK, EXIT_USAGE } from '../../src/audit/cli';
import { runAudit } from '../support/audit-cli';
import {
  GENESIS_HASH,
  InvalidAuditEntryError,
  canonicalText,
  canonicalTime,
  recordAccess,
  recordAudit,
  sha256Hex,
  verifyAllChains,
  verifyChain,
  type AccessEntry,
  type AuditEntry,
  type AuditTable,
} from '../../src/audit';
import { storedRowSelectList, type StoredChainRow } from '../../src/audit/canonical';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { embeddedDatabaseUrlFile } from '../../src/platform/paths';

const ORG = 'stonewater';

const auditEntry = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  actorStaffId: 'officer-ada',
  actorRole: 'caseworker',
  organisationId: ORG,
  caseId: randomUUID(),
  action: 'case.update.recordDash',
  outcome: 'accepted',
  detail: { deadlineId: 'dash-assessment', riskLevel: 'high' },
  ...overrides,
});

const accessEntry = (overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  actorStaffId: 'auditor-ann',
  actorRole: 'auditor',
  organisationId: ORG,
  caseId: randomUUID(),
  resource: 'case.history',
  ...overrides,
});

type StoredWithSql = StoredChainRow & { sql_canonical: string };

/** Every row as verify reads it, with the database's own canonical text beside it. */
async function storedRows(pool: Pool, table: AuditTable): Promise<StoredWithSql[]> {
  const { rows } = await pool.query<StoredWithSql>(
    `SELECT ${storedRowSelectList(table)}, ${table}_canonical(t) AS sql_canonical FROM ${table} t ORDER BY t.seq`,
  );
  return rows;
}

async function seqs(pool: Pool, table: AuditTable): Promise<number[]> {
  const { rows } = await pool.query<{ seq: string }>(`SELECT seq FROM ${table} ORDER BY seq`);
  return rows.map((row) => Number(row.seq));
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Runs the CLI in-process and captures what it prints. */
const cli = runAudit;

/**
 * What only the table owner can do, and only by switching a trigger off: the way round the
 * append-only guard that `verify` exists to catch. One transaction, so nobody sees it switched off.
 */
async function asOwnerWithTriggerDisabled(
  pool: Pool,
  table: AuditTable,
  trigger: string,
  tamper: (client: PoolClient) => Promise<unknown>,
) {
  await inTransaction(pool, async (client) => {
    await client.query(`ALTER TABLE ${table} DISABLE TRIGGER ${trigger}`);
    await tamper(client);
    await client.query(`ALTER TABLE ${table} ENABLE TRIGGER ${trigger}`);
  });
}

describe('audit and access logs', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('appends rows chained from the genesis value and verifies them', async () => {
    const caseId = randomUUID();
    const audit = [
      await recordAudit(db.pool, auditEntry({ caseId, action: 'case.opened', detail: { channel: 'phone' } })),
      await recordAudit(db.pool, auditEntry({ caseId })),
      await recordAudit(
        db.pool,
        auditEntry({
          caseId: null,
          actorStaffId: 'worker',
          actorRole: 'system',
          action: 'alert.raised',
          detail: { alertId: randomUUID() },
        }),
      ),
      await recordAudit(
        db.pool,
        auditEntry({
          caseId,
          actorRole: 'manager',
          action: 'alert.acknowledged',
          outcome: 'refused',
          detail: { reason: 'not_recipient' },
        }),
      ),
      await recordAudit(db.pool, auditEntry({ caseId, occurredAt: new Date('2024-11-22T10:00:00.123Z'), detail: {} })),
    ];
    expect(audit.map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    const access = [
      await recordAccess(db.pool, accessEntry({ caseId, resource: 'case' })),
      await recordAccess(
        db.pool,
        accessEntry({ caseId, resource: 'case.state', occurredAt: '2024-11-22T11:00:00+01:00' }),
      ),
      await recordAccess(db.pool, accessEntry({ caseId })),
    ];
    expect(access.map((row) => row.seq)).toEqual([1, 2, 3]);

    const rows = await storedRows(db.pool, 'audit_log');
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    rows.slice(1).forEach((row, i) => expect(row.prev_hash).toBe(rows[i]!.hash));
    expect(rows.map((row) => row.hash)).toEqual(audit.map((row) => row.hash));
    const {
      rows: [fifth],
    } = await db.pool.query(`SELECT occurred_at FROM audit_log WHERE seq = 5`);
    expect(fifth.occurred_at.toISOString()).toBe('2024-11-22T10:00:00.123Z');

    await expect(verifyChain(db.pool, 'audit_log')).resolves.toEqual({
      table: 'audit_log',
      rows: 5,
      ok: true,
      headHash: audit[4]!.hash,
    });
    await expect(verifyAllChains(db.pool)).resolves.toEqual([
      { table: 'audit_log', rows: 5, ok: true, headHash: audit[4]!.hash },
      { table: 'access_log', rows: 3, ok: true, headHash: access[2]!.hash },
    ]);
  });

  it('serialises rows identically in Node and in the database, and hashes them with SHA-256', async () => {
    // Everything JSON escaping could disagree on: quotes, backslashes, every control character,
    // non-ASCII, astral characters, U+2028, and a jsonb detail with numbers and key order of its own.
    const awkward = `o'brien "quoted" back\\slash /slash tab\t nl\n é ß 漢字 🛡️ \u2028 \u007f ${String.fromCharCode(...range(1, 31))}`;
    await recordAudit(
      db.pool,
      auditEntry({
        actorStaffId: `officer-${awkward}`.slice(0, 100),
        detail: {
          zKey: awkward.slice(0, 200),
          a: 1.5,
          bb: [10, -3, 123456789.125, 'x"y', null, true],
          reasonCode: 'déjà-vu',
        },
      }),
    );
    // jsonb's own way of printing numbers and duplicate keys, written past the schema
    await db.pool.query(
      `INSERT INTO audit_log (actor_staff_id, actor_role, organisation_id, action, outcome, detail)
       VALUES ('officer-ada', 'caseworker', $1, 'case.opened', 'accepted', '{"n": 1.50, "big": 1e21, "tiny": 1e-7, "neg": -0, "dup": 1, "dup": 2}')`,
      [ORG],
    );
    await recordAccess(db.pool, accessEntry({ organisationId: 'org with ünïcode and "quotes"' }));
    // Timestamps at microsecond precision and at the ends of the allowed range, written in other zones.
    for (const at of [
      '2000-01-01 00:00:00.000001+00',
      '9999-12-31 23:59:59.999999+00',
      '2024-02-29 23:59:59.5+05:30',
      '2024-06-30 12:00:00-07',
    ]) {
      await db.pool.query(
        `INSERT INTO access_log (occurred_at, actor_staff_id, actor_role, organisation_id, case_id, resource) VALUES ($1, 'auditor-ann', 'auditor', $2, $3, 'case')`,
        [at, ORG, randomUUID()],
      );
    }

    for (const table of ['audit_log', 'access_log'] as const) {
      const rows = await storedRows(db.pool, table);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(canonicalText(table, row)).toBe(row.sql_canonical);
        expect(sha256Hex(row.sql_canonical)).toBe(row.hash);
      }
    }
    const {
      rows: [sql],
    } = await db.pool.query(
      `SELECT audit_canonical_array(VARIADIC $1::text[]) AS array_text, audit_sha256_hex('abc') AS abc`,
      [[awkward, 'plain', null, '']],
    );
    expect(sql.array_text).toBe(JSON.stringify([awkward, 'plain', null, '']));
    expect(sql.abc).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('abc')).toBe(sql.abc);

    const { rows: times } = await db.pool.query<{ micros: string; text: string }>(
      `SELECT (extract(epoch FROM t) * 1000000)::bigint::text AS micros, audit_canonical_time(t) AS text
       FROM unnest($1::timestamptz[]) AS t`,
      [
        [
          '2000-01-01T00:00:00Z',
          '2000-01-01T00:00:00.000999Z',
          '2024-11-22T10:00:00.123456Z',
          '9999-12-31T23:59:59.999999Z',
        ],
      ],
    );
    expect(times.map(({ micros }) => canonicalTime(micros))).toEqual(times.map(({ text }) => text));
    expect(times.map(({ text }) => text)).toEqual([
      '2000-01-01T00:00:00.000000Z',
      '2000-01-01T00:00:00.000999Z',
      '2024-11-22T10:00:00.123456Z',
      '9999-12-31T23:59:59.999999Z',
    ]);
    await expect(verifyAllChains(db.pool)).resolves.toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
  });

  it('overrides a forged seq, prev_hash, recorded_at and hash sent by the client', async () => {
    const before = await db.pool.query<{ last_seq: string; last_hash: string }>(
      `SELECT last_seq, last_hash FROM audit_chain_heads WHERE log_table = 'audit_log'`,
    );
    const { last_seq: lastSeq, last_hash: lastHash } = before.rows[0]!;
    const {
      rows: [forged],
    } = await db.pool.query(
      `INSERT INTO audit_log (seq, prev_hash, hash, recorded_at, actor_staff_id, actor_role, organisation_id, action, outcome)
       VALUES (1, $1, $2, '2001-01-01', 'mallory', 'admin', $3, 'case.opened', 'accepted')
       RETURNING seq::text, prev_hash, hash, recorded_at`,
      ['f'.repeat(64), 'a'.repeat(64), ORG],
    );
    expect(forged.seq).toBe(String(Number(lastSeq) + 1));
    expect(forged.prev_hash).toBe(lastHash);
    expect(forged.hash).not.toBe('a'.repeat(64));
    expect(forged.recorded_at.getUTCFullYear()).toBeGreaterThan(2001);
    const row = (await storedRows(db.pool, 'audit_log')).find((stored) => stored.seq === forged.seq)!;
    expect(sha256Hex(canonicalText('audit_log', row))).toBe(forged.hash);
    await expect(verifyChain(db.pool, 'audit_log')).resolves.toMatchObject({ ok: true });
  });

  it('chains every row of a multi-row insert, and a rolled-back append leaves no gap', async () => {
    const start = (await seqs(db.pool, 'access_log')).length;
    await db.pool.query(
      `INSERT INTO access_log (actor_staff_id, actor_role, organisation_id, case_id, resource)
       SELECT 'auditor-ann', 'auditor', $1, gen_random_uuid(), 'case' FROM generate_series(1, 3)`,
      [ORG],
    );
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      await recordAccess(client, accessEntry());
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    await recordAccess(db.pool, accessEntry());
    expect(await seqs(db.pool, 'access_log')).toEqual(range(1, start + 4));
    await expect(verifyChain(db.pool, 'access_log')).resolves.toMatchObject({ ok: true, rows: start + 4 });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on both logs and direct changes to the chain heads, for the owner too', async () => {
    const counts = await Promise.all((['audit_log', 'access_log'] as const).map((table) => seqs(db.pool, table)));
    for (const table of ['audit_log', 'access_log'] as const) {
      const refused = (op: string) =>
        expect.objectContaining({
          code: '42501',
          message: `${table} is append-only: ${op} is not permitted`,
        });
      await expect(db.pool.query(`UPDATE ${table} SET actor_staff_id = 'someone-else' WHERE seq = 1`)).rejects.toEqual(
        refused('UPDATE'),
      );
      await expect(db.pool.query(`UPDATE ${table} SET actor_staff_id = 'someone-else' WHERE false`)).rejects.toEqual(
        refused('UPDATE'),
      );
      await expect(db.pool.query(`DELETE FROM ${table} WHERE seq = 1`)).rejects.toEqual(refused('DELETE'));
      await expect(db.pool.query(`DELETE FROM ${table}`)).rejects.toEqual(refused('DELETE'));
      await expect(db.pool.query(`TRUNCATE ${table}`)).rejects.toEqual(refused('TRUNCATE'));
    }
    await expect(db.pool.query(`UPDATE audit_chain_heads SET last_seq = 0`)).rejects.toThrow(
      /audit_chain_heads moves only when .* appended to: UPDATE is not permitted/,
    );
    await expect(db.pool.query(`DELETE FROM audit_chain_heads`)).rejects.toThrow(/DELETE is not permitted/);
    await expect(db.pool.query(`TRUNCATE audit_chain_heads`)).rejects.toThrow(/TRUNCATE is not permitted/);
    await expect(
      db.pool.query(`INSERT INTO audit_chain_heads VALUES ('audit_log', 0, $1)`, [GENESIS_HASH]),
    ).rejects.toThrow(/INSERT is not permitted/);

    expect(await Promise.all((['audit_log', 'access_log'] as const).map((table) => seqs(db.pool, table)))).toEqual(
      counts,
    );
    await expect(verifyAllChains(db.pool)).resolves.toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
  });

  it('keeps one gap-free chain when 50 appends to each log race on many connections', async () => {
    const racing = new Pool({ connectionString: db.url, max: 20 });
    try {
      const auditBefore = (await seqs(db.pool, 'audit_log')).length;
      const accessBefore = (await seqs(db.pool, 'access_log')).length;
      const results = await Promise.all([
        ...range(1, 50).map((i) => recordAudit(racing, auditEntry({ detail: { attempt: i } }))),
        ...range(1, 50).map(() => recordAccess(racing, accessEntry())),
      ]);
      const auditSeqs = results
        .slice(0, 50)
        .map((row) => row.seq)
        .sort((a, b) => a - b);
      const accessSeqs = results
        .slice(50)
        .map((row) => row.seq)
        .sort((a, b) => a - b);
      expect(auditSeqs).toEqual(range(auditBefore + 1, auditBefore + 50));
      expect(accessSeqs).toEqual(range(accessBefore + 1, accessBefore + 50));
      expect(await seqs(db.pool, 'audit_log')).toEqual(range(1, auditBefore + 50));
      expect(await seqs(db.pool, 'access_log')).toEqual(range(1, accessBefore + 50));
      // verify reads in pages; a small page size makes it cross many page boundaries
      await expect(verifyChain(db.pool, 'audit_log', { batchSize: 7 })).resolves.toMatchObject({
        ok: true,
        rows: auditBefore + 50,
      });
      await expect(verifyChain(db.pool, 'access_log', { batchSize: 7 })).resolves.toMatchObject({
        ok: true,
        rows: accessBefore + 50,
      });
    } finally {
      await racing.end();
    }
  });

  it('refuses entries that could carry personal data or break the schema, before they reach the database', async () => {
    const before = await seqs(db.pool, 'audit_log');
    const refused = [
      auditEntry({ detail: { survivorName: 'x' } }),
      auditEntry({ detail: { email: 'x' } }),
      auditEntry({ detail: { reason: 'x'.repeat(201) } }),
      auditEntry({ detail: Object.fromEntries(range(1, 20).map((i) => [`k${i}`, 'x'.repeat(150)])) }),
      auditEntry({ detail: Object.fromEntries(range(1, 40).map((i) => [`k${i}`, i])) }),
      auditEntry({ detail: { nested: { a: 1 } } as never }),
      auditEntry({ detail: { huge: 1e300 } }),
      auditEntry({ action: 'Case Opened' }),
      auditEntry({ actorRole: 'superuser' as never }),
      auditEntry({ caseId: 'not-a-uuid' }),
      auditEntry({ occurredAt: new Date('1999-12-31T23:59:59Z') }),
      { ...auditEntry(), narrative: 'anything' } as AuditEntry,
    ];
    for (const entry of refused) {
      await expect(recordAudit(db.pool, entry)).rejects.toBeInstanceOf(InvalidAuditEntryError);
    }
    await expect(recordAudit(db.pool, auditEntry({ detail: { survivorName: 'Testy McFixture' } }))).rejects.toThrow(
      /detail\.survivorName: detail keys must not name personal data/,
    );
    await expect(recordAccess(db.pool, accessEntry({ actorRole: 'system' as never }))).rejects.toBeInstanceOf(
      InvalidAuditEntryError,
    );
    await expect(recordAccess(db.pool, accessEntry({ resource: 'case history' }))).rejects.toBeInstanceOf(
      InvalidAuditEntryError,
    );
    expect(await seqs(db.pool, 'audit_log')).toEqual(before);
    // the database's own checks stand behind the schema
    await expect(
      db.pool.query(
        `INSERT INTO audit_log (actor_staff_id, actor_role, organisation_id, action, outcome, detail) VALUES ('a', 'admin', 'o', 'x', 'accepted', '[1]')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });

  it('verify prints one line per log and exits 0 when every chain is intact', async () => {
    const result = await cli(['verify'], { DATABASE_URL: db.url });
    expect(result).toEqual({
      code: EXIT_OK,
      out: [
        expect.stringMatching(/^audit_log: \d+ rows, OK \(head [0-9a-f]{64}\)$/),
        expect.stringMatching(/^access_log: \d+ rows, OK \(head [0-9a-f]{64}\)$/),
      ],
      err: '',
    });
    const one = await cli(['verify', '--table', 'access_log'], { DATABASE_URL: db.url });
    expect(one.code).toBe(EXIT_OK);
    expect(one.out).toEqual([expect.stringMatching(/^access_log: /)]);
  });

  it('verify finds the embedded database of a running npm start under DATA_DIR, and says what to do when none runs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-data-dir-'));
    try {
      const none = await cli(['verify'], { DATA_DIR: dataDir });
      expect(none).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(`no embedded database is running with DATA_DIR ${dataDir}`),
      });
      expect(none.err).toContain('while `npm start` runs from the same directory');
      fs.writeFileSync(embeddedDatabaseUrlFile(dataDir), `${db.url}\n`); // as npm start leaves it while it runs
      expect(await cli(['verify'], { DATA_DIR: dataDir })).toMatchObject({
        code: EXIT_OK,
        out: [expect.stringMatching(/^audit_log: .*OK/), expect.stringMatching(/^access_log: .*OK/)],
      });
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('verify exits 2 on usage and configuration errors, never echoing the database URL', async () => {
    expect((await cli([], {})).code).toBe(EXIT_USAGE);
    expect(await cli(['--help'], {})).toMatchObject({ code: EXIT_OK, out: [expect.stringContaining('verify')] });
    expect(await cli(['verify', '--help'], {})).toMatchObject({
      code: EXIT_OK,
      out: [expect.stringContaining('usage: audit verify')],
    });
    expect(await cli(['rewrite'], { DATABASE_URL: db.url })).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('unknown command "rewrite"'),
    });
    expect(await cli(['verify'], {})).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('DATABASE_URL is not set'),
    });
    expect(await cli(['verify'], { DATABASE_URL: '' })).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('DATABASE_URL is not set'),
    });
    const badUrl = await cli(['verify'], { DATABASE_URL: 'mysql://root:s3cret@db/cases' });
    expect(badUrl).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('DATABASE_URL: expected a postgres:// or postgresql:// URL'),
    });
    expect(badUrl.err).not.toContain('s3cret');
    expect(await cli(['verify', '--table', 'cases'], { DATABASE_URL: db.url })).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining('--table: must be one of: audit_log, access_log'),
    });
    expect(await cli(['verify', '--fix'], { DATABASE_URL: db.url })).toMatchObject({
      code: EXIT_USAGE,
      err: expect.stringContaining("Unknown option '--fix'"),
    });
    expect(await cli(['verify', 'extra'], { DATABASE_URL: db.url })).toMatchObject({ code: EXIT_USAGE });
    const unreachable = await cli(['verify'], { DATABASE_URL: 'postgres://nobody:s3cret@127.0.0.1:1/cases' });
    expect(unreachable).toMatchObject({
      code: EXIT_USAGE,
      out: [],
      err: expect.stringContaining('could not complete'),
    });
  });
});

describe('tampering with the logs', () => {
  let db: TestDatabase;
  let audit: { seq: number; hash: string }[];
  beforeEach(async () => {
    db = await createTestDatabase();
    audit = [];
    for (const i of range(1, 5))
      audit.push(await recordAudit(db.pool, auditEntry({ detail: { alertId: `alert-${i}` } })));
    for (const _ of range(1, 3)) await recordAccess(db.pool, accessEntry());
    await expect(verifyAllChains(db.pool)).resolves.toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: true }),
    ]);
  });
  afterEach(async () => {
    await db?.drop();
  });

  it("is caught when the owner switches off the guard and changes a row's detail", async () => {
    await asOwnerWithTriggerDisabled(db.pool, 'audit_log', 'audit_log_append_only', (client) =>
      client.query(`UPDATE audit_log SET detail = '{"alertId": "alert-999"}' WHERE seq = 3`),
    );
    await expect(db.pool.query('SELECT detail FROM audit_log WHERE seq = 3')).resolves.toMatchObject({
      rows: [{ detail: { alertId: 'alert-999' } }],
    });
    // the guard is back on
    await expect(db.pool.query(`UPDATE audit_log SET detail = '{}' WHERE seq = 3`)).rejects.toThrow(
      'audit_log is append-only: UPDATE is not permitted',
    );

    await expect(verifyChain(db.pool, 'audit_log')).resolves.toEqual({
      table: 'audit_log',
      rows: 5,
      ok: false,
      firstBrokenSeq: 3,
      reason: "hash does not match the row's content",
    });
    await expect(verifyChain(db.pool, 'access_log')).resolves.toMatchObject({ ok: true });
    const result = await cli(['verify'], { DATABASE_URL: db.url });
    expect(result).toEqual({
      code: EXIT_BROKEN,
      out: [
        "audit_log: 5 rows, BROKEN at seq 3: hash does not match the row's content",
        expect.stringMatching(/^access_log: 3 rows, OK /),
      ],
      err: '',
    });
  });

  it("is caught at the next row when the tamperer also recomputes the changed row's hash", async () => {
    await asOwnerWithTriggerDisabled(db.pool, 'audit_log', 'audit_log_append_only', async (client) => {
      await client.query(`UPDATE audit_log SET actor_staff_id = 'someone-else' WHERE seq = 3`);
      const {
        rows: [row],
      } = await client.query<StoredChainRow>(`SELECT ${storedRowSelectList('audit_log')} FROM audit_log WHERE seq = 3`);
      await client.query('UPDATE audit_log SET hash = $1 WHERE seq = 3', [sha256Hex(canonicalText('audit_log', row!))]);
    });
    await expect(verifyChain(db.pool, 'audit_log')).resolves.toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
      reason: 'prev_hash does not match the hash of seq 3',
    });
  });

  it('is caught when a row is deleted from the middle', async () => {
    await asOwnerWithTriggerDisabled(db.pool, 'audit_log', 'audit_log_append_only', (client) =>
      client.query('DELETE FROM audit_log WHERE seq = 3'),
    );
    await expect(verifyChain(db.pool, 'audit_log')).resolves.toEqual({
      table: 'audit_log',
      rows: 4,
      ok: false,
      firstBrokenSeq: 3,
      reason: 'seq 3 is missing (the next row is seq 4)',
    });
  });

  it('is caught when rows are deleted from the end, by the chain head', async () => {
    await asOwnerWithTriggerDisabled(db.pool, 'access_log', 'access_log_append_only', (client) =>
      client.query('DELETE FROM access_log WHERE seq >= 2'),
    );
    await expect(verifyChain(db.pool, 'access_log')).resolves.toEqual({
      table: 'access_log',
      rows: 1,
      ok: false,
      firstBrokenSeq: 2,
      reason: 'the chain head records seq 3 but the log ends at seq 1: rows were removed from the end',
    });
    expect((await cli(['verify', '--table', 'access_log'], { DATABASE_URL: db.url })).code).toBe(EXIT_BROKEN);
  });

  it('is caught when a row with a well-formed hash is slipped in past the chain trigger', async () => {
    await asOwnerWithTriggerDisabled(db.pool, 'audit_log', 'audit_log_chain', async (client) => {
      await client.query(
        `INSERT INTO audit_log (seq, recorded_at, actor_staff_id, actor_role, organisation_id, action, outcome, prev_hash, hash)
         VALUES (6, now(), 'mallory', 'admin', $1, 'case.closed', 'accepted', $2, $3)`,
        [ORG, audit[4]!.hash, '0'.repeat(64)],
      );
      const {
        rows: [row],
      } = await client.query<StoredChainRow>(`SELECT ${storedRowSelectList('audit_log')} FROM audit_log WHERE seq = 6`);
      await client.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
      await client.query('UPDATE audit_log SET hash = $1 WHERE seq = 6', [sha256Hex(canonicalText('audit_log', row!))]);
      await client.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    });
    await expect(verifyChain(db.pool, 'audit_log')).resolves.toEqual({
      table: 'audit_log',
      rows: 6,
      ok: false,
      firstBrokenSeq: 6,
      reason: 'rows after seq 5 were not appended through the chain (the chain head records seq 5)',
    });
  });
});
