import { createHash } from 'node:crypto';

/**
 * The canonical serialisation of an audit_log or access_log row, version 1: what each row's
 * hash covers. The database computes it in its BEFORE INSERT trigger (audit_log_canonical() and
 * access_log_canonical() in migrations/1732276800000_audit-log.sql); `audit verify` recomputes it
 * here from the stored content. The two must agree byte for byte (test/integration/audit-log.test.ts).
 *
 * A JSON array without whitespace whose elements are JSON strings or null, in the order of
 * CHAIN_LAYOUTS below, headed by the table's version tag, e.g.
 *   ["access_log/v1","7","2024-11-22T10:00:00.123456Z","2024-11-22T10:00:00.124001Z","officer-ada",
 *    "manager","stonewater","4f0c…","case.history","9b1e…"]
 *  - seq in decimal;
 *  - timestamps in UTC as YYYY-MM-DDTHH:MM:SS.ffffffZ, all six fractional digits PostgreSQL keeps;
 *  - case_id as PostgreSQL prints a uuid (lower case, hyphenated);
 *  - detail as PostgreSQL prints the jsonb value (`detail::text`: keys sorted by length then
 *    bytes, `", "` and `": "` separators), so the hash covers the stored value, not the client's text;
 *  - NULL as null;
 *  - strings escaped as JSON.stringify and PostgreSQL's to_json(text) both do: `"` and `\`,
 *    \b \f \n \r \t, any other character below U+0020 as \u00xx; everything else literal.
 * hash = lower-case hex SHA-256 of the UTF-8 bytes of that text; prev_hash links each row to the
 * one before, and seq 1 links to GENESIS_HASH.
 */
export const CANONICAL_VERSION = 1;

/** What seq 1's prev_hash is (and a log's chain head before its first row). */
export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_TABLES = ['audit_log', 'access_log'] as const;
export type AuditTable = (typeof AUDIT_TABLES)[number];

export function isAuditTable(value: string): value is AuditTable {
  return (AUDIT_TABLES as readonly string[]).includes(value);
}

/** How a column is read back for hashing: timestamps as epoch microseconds, others as PostgreSQL prints them. */
type ColumnKind = 'text' | 'timestamp';
interface ChainColumn {
  name: string;
  kind: ColumnKind;
}
const text = (name: string): ChainColumn => ({ name, kind: 'text' });
const timestamp = (name: string): ChainColumn => ({ name, kind: 'timestamp' });

/** Who did it, where and when: the columns both logs share, in canonical order after `seq`. */
const ENTRY_COLUMNS = [
  timestamp('occurred_at'),
  timestamp('recorded_at'),
  text('actor_staff_id'),
  text('actor_role'),
  text('organisation_id'),
  text('case_id'),
];

/** The hashed columns of each log, in canonical order (after the version tag). */
export const CHAIN_LAYOUTS: Readonly<Record<AuditTable, { tag: string; columns: readonly ChainColumn[] }>> = {
  audit_log: {
    tag: 'audit_log/v1',
    columns: [text('seq'), ...ENTRY_COLUMNS, text('action'), text('outcome'), text('detail'), text('prev_hash')],
  },
  access_log: {
    tag: 'access_log/v1',
    columns: [text('seq'), ...ENTRY_COLUMNS, text('resource'), text('prev_hash')],
  },
};

/**
 * A row as read back for hashing: every canonical column as text (or null), timestamps as
 * integer microseconds since the Unix epoch, plus the stored hash.
 */
export type StoredChainRow = Record<string, string | null> & { seq: string; prev_hash: string; hash: string };

/** The SELECT list that reads a log's rows in the form canonicalText() expects. */
export function storedRowSelectList(table: AuditTable): string {
  const columns = CHAIN_LAYOUTS[table].columns.map(({ name, kind }) =>
    kind === 'timestamp'
      ? `(extract(epoch FROM ${name}) * 1000000)::bigint::text AS ${name}`
      : `${name}::text AS ${name}`,
  );
  return [...columns, 'hash'].join(', ');
}

/** UTC, microsecond precision: 2024-11-22T10:00:00.123456Z (as to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')). */
export function canonicalTime(epochMicros: bigint | string): string {
  const micros = BigInt(epochMicros);
  const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const subMillis = micros - millis * 1000n;
  const iso = new Date(Number(millis)).toISOString(); // …:SS.mmmZ
  if (!/^\d{4}-/.test(iso)) throw new RangeError(`timestamp ${micros}µs is outside the years 0000–9999`);
  return `${iso.slice(0, -1)}${subMillis.toString().padStart(3, '0')}Z`;
}

/** The canonical text of a stored row (see the top of this file). */
export function canonicalText(table: AuditTable, row: Record<string, string | null>): string {
  const { tag, columns } = CHAIN_LAYOUTS[table];
  const fields = columns.map(({ name, kind }) => {
    const value = row[name];
    if (value === undefined) throw new Error(`${table} row has no ${name} column`);
    if (value === null) return null;
    return kind === 'timestamp' ? canonicalTime(value) : value;
  });
  return JSON.stringify([tag, ...fields]);
}

export function sha256Hex(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export function chainHash(table: AuditTable, row: Record<string, string | null>): string {
  return sha256Hex(canonicalText(table, row));
}
