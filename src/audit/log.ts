import type { Pool, QueryResult } from 'pg';
import { z } from 'zod';
import type { Queryable } from '../platform/db/queryable';
import { STAFF_ROLES } from '../staff/staff';
import {
  AUDIT_TABLES,
  GENESIS_HASH,
  chainHash,
  isAuditTable,
  storedRowSelectList,
  type AuditTable,
  type StoredChainRow,
} from './canonical';

/**
 * The audit log (who did what) and the access log (who read which case), DESIGN §6: append-only
 * hash chains that the database itself keeps (migrations/1732276800000_audit-log.sql). Appends go
 * through recordAudit / recordAccess; the database assigns seq, prev_hash, recorded_at and hash.
 *
 * NEVER PERSONAL DATA. An entry holds ids, roles, action names and short reasons or codes only:
 * no survivor, perpetrator or staff names, contact details, addresses, dates of birth or case
 * narrative. Rows can never be corrected or erased, so personal data written here could never be
 * removed. The schemas below refuse the obvious mistakes (long free text, nested objects, keys
 * such as `name` or `email`); choosing what goes into `detail` remains the caller's duty.
 */

/** `case.opened`, `case.update.recordDash`, `alert.acknowledged`, `case.history`: dot-separated words. */
const dottedName = (what: string) =>
  z
    .string()
    .max(100, `${what} must be at most 100 characters`)
    .regex(
      /^[a-z][a-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/,
      `${what} must be dot-separated words, e.g. case.update.recordDash`,
    );

const idText = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Keys that suggest personal data rather than ids or reasons. */
const PERSONAL_DATA_KEY =
  /name|e_?mail|phone|mobile|address|post_?code|birth|dob|narrative|note|comment|description|free_?text/i;
export const AUDIT_DETAIL_MAX_BYTES = 2048;

// Numbers without an exponent print the same in JSON and jsonb, so the size limit means the same in both.
const detailNumber = z
  .number()
  .refine((value) => !/e/i.test(String(value)), 'detail numbers must be written without an exponent');
const detailScalar = z.union([
  z.string().max(200, 'detail strings must be at most 200 characters (ids and reasons only)'),
  detailNumber,
  z.boolean(),
  z.null(),
]);

const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A flat object of ids, codes and short reasons; at most 2 KiB as JSON. */
export const auditDetailSchema = z
  .record(
    z.string(),
    z.union([detailScalar, z.array(detailScalar).max(50, 'detail arrays must have at most 50 items')]),
  )
  .superRefine((detail, ctx) => {
    const keys = Object.keys(detail);
    for (const key of keys) {
      if (!DETAIL_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'detail keys must be identifiers of at most 64 characters',
        });
      } else if (PERSONAL_DATA_KEY.test(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'detail keys must not name personal data (audit detail holds ids and reasons only)',
        });
      }
    }
    if (keys.length > 32) ctx.addIssue({ code: 'custom', message: 'detail must have at most 32 keys' });
    if (Buffer.byteLength(JSON.stringify(detail), 'utf8') > AUDIT_DETAIL_MAX_BYTES) {
      ctx.addIssue({ code: 'custom', message: `detail must be at most ${AUDIT_DETAIL_MAX_BYTES} bytes as JSON` });
    }
  });
export type AuditDetail = z.infer<typeof auditDetailSchema>;

/** 2000-01-01 to 9999-12-31, as the tables' CHECK constraints require. */
const occurredAtSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }).transform((value) => new Date(value))])
  .refine(
    (date) => date.getTime() >= Date.UTC(2000, 0, 1) && date.getTime() < Date.UTC(10000, 0, 1),
    'occurredAt must lie between the years 2000 and 9999',
  );

/** The worker or a workflow acting on its own (escalations, reminders); actorStaffId then names the component. */
export const SYSTEM_ROLE = 'system';
export const AUDIT_ACTOR_ROLES = [...STAFF_ROLES, SYSTEM_ROLE] as const;
export const AUDIT_OUTCOMES = ['accepted', 'refused'] as const;

export const auditEntrySchema = z.strictObject({
  /** When it happened; default: the database's transaction time. */
  occurredAt: occurredAtSchema.optional(),
  actorStaffId: idText,
  actorRole: z.enum(AUDIT_ACTOR_ROLES),
  organisationId: idText,
  caseId: z.uuid('caseId must be a UUID').nullish(),
  /** e.g. 'case.opened', 'case.update.recordDash', 'alert.acknowledged' */
  action: dottedName('action'),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** ids and reasons only, never personal data */
  detail: auditDetailSchema.default({}),
});
export type AuditEntry = z.input<typeof auditEntrySchema>;

export const accessEntrySchema = z.strictObject({
  occurredAt: occurredAtSchema.optional(),
  actorStaffId: idText,
  actorRole: z.enum(STAFF_ROLES),
  organisationId: idText,
  caseId: z.uuid('caseId must be a UUID'),
  /** what was read: 'case', 'case.state', 'case.history', … */
  resource: dottedName('resource'),
});
export type AccessEntry = z.input<typeof accessEntrySchema>;

/** Where a new row landed in its chain. */
export interface Appended {
  seq: number;
  hash: string;
}

/** An entry refused before it reached the database; messages name fields, never values. */
export class InvalidAuditEntryError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid audit entry: ${problems.join('; ')}`);
    this.name = 'InvalidAuditEntryError';
  }
}

function parseEntry<S extends z.ZodType>(schema: S, entry: unknown): z.output<S> {
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    throw new InvalidAuditEntryError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`),
    );
  }
  return parsed.data;
}

const appended = (result: QueryResult<{ seq: string; hash: string }>): Appended => ({
  seq: Number(result.rows[0]!.seq),
  hash: result.rows[0]!.hash,
});

/**
 * Appends who did what. Pass a PoolClient to make the entry part of your own transaction (it then
 * holds the audit chain's lock until you commit, so keep that transaction short).
 */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<Appended> {
  const e = parseEntry(auditEntrySchema, entry);
  const result = await db.query<{ seq: string; hash: string }>(
    `INSERT INTO audit_log (occurred_at, actor_staff_id, actor_role, organisation_id, case_id, action, outcome, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb) RETURNING seq::text, hash`,
    [
      e.occurredAt ?? null,
      e.actorStaffId,
      e.actorRole,
      e.organisationId,
      e.caseId ?? null,
      e.action,
      e.outcome,
      JSON.stringify(e.detail),
    ],
  );
  return appended(result);
}

/** Appends who read which case. */
export async function recordAccess(db: Queryable, entry: AccessEntry): Promise<Appended> {
  const e = parseEntry(accessEntrySchema, entry);
  const result = await db.query<{ seq: string; hash: string }>(
    `INSERT INTO access_log (occurred_at, actor_staff_id, actor_role, organisation_id, case_id, resource)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq::text, hash`,
    [e.occurredAt ?? null, e.actorStaffId, e.actorRole, e.organisationId, e.caseId, e.resource],
  );
  return appended(result);
}

export type ChainVerification =
  | {
      table: AuditTable;
      rows: number;
      ok: true;
      /** the last row's hash (GENESIS_HASH when empty): keep a copy elsewhere to detect a wholesale rewrite */
      headHash: string;
    }
  | { table: AuditTable; rows: number; ok: false; firstBrokenSeq: number; reason: string };

export interface VerifyOptions {
  /** rows read per query; the whole check runs in one snapshot */
  batchSize?: number;
}

/**
 * Recomputes every row's hash from its stored content (src/audit/canonical.ts) and checks that
 * seq runs 1, 2, 3, … without gaps, that each prev_hash is the previous row's hash, and that the
 * chain head (audit_chain_heads) ends where the log does, which catches rows removed from the end.
 * Reads one consistent snapshot, so appends during the check do not disturb it.
 */
export async function verifyChain(
  pool: Pool,
  table: AuditTable,
  options: VerifyOptions = {},
): Promise<ChainVerification> {
  if (!isAuditTable(table))
    throw new Error(`unknown audit table ${String(table)}; expected one of ${AUDIT_TABLES.join(', ')}`);
  const batchSize = options.batchSize ?? 1000;
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await verifyInSnapshot(client, table, batchSize);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Both logs, audit_log first. */
export async function verifyAllChains(pool: Pool, options: VerifyOptions = {}): Promise<ChainVerification[]> {
  const results: ChainVerification[] = [];
  for (const table of AUDIT_TABLES) results.push(await verifyChain(pool, table, options));
  return results;
}

async function verifyInSnapshot(db: Queryable, table: AuditTable, batchSize: number): Promise<ChainVerification> {
  // `table` is one of AUDIT_TABLES, never caller text, so it may be written into the SQL.
  const count = await db.query<{ rows: string }>(`SELECT count(*)::text AS rows FROM ${table}`);
  const rows = Number(count.rows[0]!.rows);
  const broken = (seq: bigint, reason: string): ChainVerification => ({
    table,
    rows,
    ok: false,
    firstBrokenSeq: Number(seq),
    reason,
  });

  let expectedSeq = 1n;
  let previousHash = GENESIS_HASH;
  let after: string | null = null; // keyset paging; the first page starts below any seq, even a forged 0
  for (;;) {
    const batch: QueryResult<StoredChainRow> = await db.query<StoredChainRow>(
      `SELECT ${storedRowSelectList(table)} FROM ${table} WHERE $1::bigint IS NULL OR ${table}.seq > $1::bigint ORDER BY ${table}.seq LIMIT $2`,
      [after, batchSize],
    );
    for (const row of batch.rows) {
      after = row.seq;
      const seq = BigInt(row.seq);
      if (seq !== expectedSeq) {
        return seq > expectedSeq
          ? broken(expectedSeq, `seq ${expectedSeq} is missing (the next row is seq ${seq})`)
          : broken(seq, `seq ${seq} is out of order (expected ${expectedSeq})`);
      }
      if (row.prev_hash !== previousHash) {
        return broken(
          seq,
          seq === 1n ? 'prev_hash is not the genesis value' : `prev_hash does not match the hash of seq ${seq - 1n}`,
        );
      }
      let recomputed: string;
      try {
        recomputed = chainHash(table, row);
      } catch (error) {
        return broken(seq, `the row cannot be serialised: ${(error as Error).message}`);
      }
      if (recomputed !== row.hash) return broken(seq, "hash does not match the row's content");
      previousHash = row.hash;
      expectedSeq = seq + 1n;
    }
    if (batch.rows.length < batchSize) break;
  }

  const lastSeq = expectedSeq - 1n;
  const head = await db.query<{ last_seq: string; last_hash: string }>(
    'SELECT last_seq::text AS last_seq, last_hash FROM audit_chain_heads WHERE log_table = $1',
    [table],
  );
  if (head.rows.length === 0) return broken(lastSeq + 1n, 'the chain head is missing from audit_chain_heads');
  const headSeq = BigInt(head.rows[0]!.last_seq);
  if (headSeq > lastSeq) {
    return broken(
      lastSeq + 1n,
      `the chain head records seq ${headSeq} but the log ends at seq ${lastSeq}: rows were removed from the end`,
    );
  }
  if (headSeq < lastSeq) {
    return broken(
      headSeq + 1n,
      `rows after seq ${headSeq} were not appended through the chain (the chain head records seq ${headSeq})`,
    );
  }
  if (head.rows[0]!.last_hash !== previousHash) {
    return broken(lastSeq, "the last row's hash differs from the chain head's");
  }
  return { table, rows, ok: true, headHash: previousHash };
}
