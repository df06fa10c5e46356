import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Queryable } from '../platform/db/queryable';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import type { ReportingPackKind } from '../policy/profile';
import type { ReportingPack } from './pack';
import type { PackPeriod } from './periods';

/** A stored pack as listed: what it covers, not its figures. */
export interface ReportingPackSummary {
  packId: string;
  organisationId: string;
  policyProfile: string;
  kind: ReportingPackKind;
  period: { label: string; from: string; to: string };
  smallCountThreshold: number;
  generatedAt: string;
}

interface PackRow {
  pack_id: string;
  organisation_id: string;
  policy_profile: string;
  kind: ReportingPackKind;
  period_label: string;
  period_from: string;
  period_to: string;
  small_count_threshold: number;
  generated_at: Date;
  pack: ReportingPack;
}

// Dates as the text PostgreSQL holds, never as a JS Date in the server's zone.
const COLUMNS = `pack_id, organisation_id, policy_profile, kind, period_label, period_from::text AS period_from,
                 period_to::text AS period_to, small_count_threshold, generated_at`;

const toSummary = (row: Omit<PackRow, 'pack'>): ReportingPackSummary => ({
  packId: row.pack_id,
  organisationId: row.organisation_id,
  policyProfile: row.policy_profile,
  kind: row.kind,
  period: { label: row.period_label, from: row.period_from, to: row.period_to },
  smallCountThreshold: row.small_count_threshold,
  generatedAt: row.generated_at.toISOString(),
});

/** The id a pack has (or will have): the stored one for this organisation, kind and period, else a new one. */
export async function packIdFor(db: Queryable, organisationId: string, period: PackPeriod): Promise<string> {
  const { rows } = await db.query<{ pack_id: string }>(
    'SELECT pack_id FROM reporting_packs WHERE organisation_id = $1 AND kind = $2 AND period_from = $3',
    [organisationId, period.kind, period.from],
  );
  return rows[0]?.pack_id ?? randomUUID();
}

/**
 * Stores a pack, one per organisation, kind and period: a rerun replaces the figures and keeps the
 * first run's id (the id a download link already names), which packIdFor gave it. Returns the stored id.
 */
export async function storePack(db: Queryable, pack: ReportingPack): Promise<string> {
  const { rows } = await db.query<{ pack_id: string }>(
    `INSERT INTO reporting_packs (pack_id, organisation_id, policy_profile, kind, period_label, period_from, period_to,
                                  small_count_threshold, generated_at, pack)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (organisation_id, kind, period_from) DO UPDATE SET
       policy_profile = EXCLUDED.policy_profile, period_label = EXCLUDED.period_label, period_to = EXCLUDED.period_to,
       small_count_threshold = EXCLUDED.small_count_threshold, generated_at = EXCLUDED.generated_at,
       pack = EXCLUDED.pack
     RETURNING pack_id`,
    [
      pack.packId,
      pack.organisationId,
      pack.policyProfile,
      pack.kind,
      pack.period.label,
      pack.period.from,
      pack.period.to,
      pack.suppression.threshold,
      pack.generatedAt,
      JSON.stringify(pack),
    ],
  );
  const stored = rows[0]!.pack_id;
  // Another run stored this period first, between packIdFor and here: store again under its id.
  return stored === pack.packId ? stored : storePack(db, { ...pack, packId: stored });
}

export interface PackListFilter {
  kind?: ReportingPackKind;
  /** packs whose period starts on or after this day */
  from?: string;
  /** packs whose period ends on or before this day */
  to?: string;
}

/** The organisation's packs, newest period first. */
export function listPacks(
  pool: Pool,
  organisationId: string,
  filter: PackListFilter,
  page: PageRequest,
): Promise<Page<ReportingPackSummary>> {
  const params = new SqlParams();
  const conditions = [`organisation_id = ${params.add(organisationId)}`];
  if (filter.kind) conditions.push(`kind = ${params.add(filter.kind)}`);
  // The subquery below shows the periods as text (YYYY-MM-DD): compare them as dates again.
  if (filter.from) conditions.push(`period_from::date >= ${params.add(filter.from)}::date`);
  if (filter.to) conditions.push(`period_to::date <= ${params.add(filter.to)}::date`);
  return selectPage(
    pool,
    {
      from: `(SELECT ${COLUMNS} FROM reporting_packs) AS packs`,
      where: conditions.join(' AND '),
      params,
      orderBy: 'period_from DESC, kind, pack_id',
    },
    page,
    toSummary,
  );
}

/** One pack of this organisation; another organisation's is not found. */
export async function findPack(
  db: Queryable,
  organisationId: string,
  packId: string,
): Promise<ReportingPack | undefined> {
  const { rows } = await db.query<{ pack: ReportingPack }>(
    'SELECT pack FROM reporting_packs WHERE pack_id = $1 AND organisation_id = $2',
    [packId, organisationId],
  );
  return rows[0]?.pack;
}
