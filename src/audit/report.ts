import { DateTime } from 'luxon';
import { z } from 'zod';
import { LAWFUL_BASES } from '../sharing/consent';
import { ESCALATION_RUNGS } from '../policy';
import type { DeadlineStatus } from '../deadlines/deadline';
import { DEADLINE_TASKS, type DeadlineTask } from '../deadlines/tasks';
import type { Queryable } from '../platform/db/queryable';
import { buildCaseFigures, type CaseFigures } from '../reporting/figures';
import { caseDate } from '../platform/dates';

/**
 * Compliance reporting (DESIGN §2, §4): per period and per organisation and policy profile, how
 * each timescale was kept, how often and how far deadlines escalated, MARAC referrals and repeats,
 * emergency repairs done within 24 hours, rehousing outcomes, and information released without
 * consent by lawful basis. Read from PostgreSQL only (the tables the workflows' activities write),
 * so a report never touches Temporal or any personal data.
 */

export const REPORT_TIME_ZONE = 'Europe/London';

const dateSchema = caseDate;
export const complianceReportParamsSchema = z
  .strictObject({
    /** first day of the period (inclusive), in the UK */
    from: dateSchema,
    /** last day of the period (inclusive) */
    to: dateSchema,
    organisationId: z.string().trim().min(1).max(100).optional(),
  })
  .refine((params) => params.from <= params.to, { path: ['to'], message: 'must not be before --from' });
export type ComplianceReportParams = z.input<typeof complianceReportParamsSchema>;

export interface TimescaleCompliance {
  /** deadlines falling due in the period */
  deadlines: number;
  met: number;
  metLate: number;
  /** past due and still not done */
  overdue: number;
  /** not yet due */
  pending: number;
  /** no longer owed (superseded, or settled when the case closed) */
  cancelled: number;
  /** deadlines that reached at least one escalation rung */
  escalated: number;
  /** met / (met + metLate + overdue); null when none of those */
  onTimeRate: number | null;
}

export interface ComplianceGroup {
  organisationId: string;
  /** the policy profile the cases ran under ('unknown' for rows whose case is not projected) */
  policyProfile: string;
  timescales: Record<DeadlineTask, TimescaleCompliance>;
  /** escalation alerts raised in the period, by rung */
  escalations: { total: number; byRung: Record<string, number> };
  /** MARAC referrals made in the period */
  marac: { referrals: number; repeatReferrals: number; repeatRate: number | null };
  /** works orders requested in the period (by their first completion deadline) */
  repairs: {
    orders: number;
    completed: number;
    /** completed (contractor done) within 24 hours of the request */
    completedWithin24Hours: number;
    open: number;
    /** settled when the case closed before the works were done */
    settledWithoutCompletion: number;
    /** completedWithin24Hours / (completed + open); null when none */
    within24HoursRate: number | null;
  };
  /** rehousing workflows whose first deadline started in the period */
  rehousing: {
    workflows: number;
    moved: number;
    movedOnScheduledDate: number;
    inProgress: number;
    endedWithoutMove: number;
    temporaryAccommodationPlaced: number;
    temporaryAccommodationSameDay: number;
  };
  /** information released in the period */
  releases: { withConsent: number; withoutConsent: number; withoutConsentByBasis: Record<string, number> };
}

export interface ComplianceReport {
  period: { from: string; to: string; timeZone: string; startsAt: string; endsBefore: string };
  organisationId: string | null;
  generatedAt: string;
  groups: ComplianceGroup[];
  /**
   * Case volumes, repeat victimisation, safeguarding, perpetrator and first-contact figures
   * (src/reporting/figures.ts), per organisation: the one asked for, else each with cases.
   * Unsuppressed, for staff of the organisation; the reporting packs built from them are suppressed.
   */
  cases: OrganisationCaseFigures[];
}

export type OrganisationCaseFigures = { organisationId: string } & CaseFigures;

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

function emptyTimescale(): TimescaleCompliance {
  return { deadlines: 0, met: 0, metLate: 0, overdue: 0, pending: 0, cancelled: 0, escalated: 0, onTimeRate: null };
}

function emptyGroup(organisationId: string, policyProfile: string): ComplianceGroup {
  return {
    organisationId,
    policyProfile,
    timescales: Object.fromEntries(DEADLINE_TASKS.map((task) => [task, emptyTimescale()])) as Record<
      DeadlineTask,
      TimescaleCompliance
    >,
    escalations: { total: 0, byRung: Object.fromEntries(ESCALATION_RUNGS.map((rung) => [rung, 0])) },
    marac: { referrals: 0, repeatReferrals: 0, repeatRate: null },
    repairs: {
      orders: 0,
      completed: 0,
      completedWithin24Hours: 0,
      open: 0,
      settledWithoutCompletion: 0,
      within24HoursRate: null,
    },
    rehousing: {
      workflows: 0,
      moved: 0,
      movedOnScheduledDate: 0,
      inProgress: 0,
      endedWithoutMove: 0,
      temporaryAccommodationPlaced: 0,
      temporaryAccommodationSameDay: 0,
    },
    releases: {
      withConsent: 0,
      withoutConsent: 0,
      withoutConsentByBasis: Object.fromEntries(LAWFUL_BASES.map((basis) => [basis, 0])),
    },
  };
}

/** The period's instants: from 00:00 on `from` to 00:00 on the day after `to`, UK time. */
export function reportPeriod(
  from: string,
  to: string,
  timeZone = REPORT_TIME_ZONE,
): { startsAt: Date; endsBefore: Date } {
  const startsAt = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
  const endsBefore = DateTime.fromISO(to, { zone: timeZone }).startOf('day').plus({ days: 1 });
  if (!startsAt.isValid || !endsBefore.isValid) throw new Error(`invalid period ${from} to ${to}`);
  return { startsAt: startsAt.toJSDate(), endsBefore: endsBefore.toJSDate() };
}

type GroupKeyed = { organisation_id: string; policy_profile: string };

/** Builds the report; `params` is validated (an Error names the field). */
/** Counts a query returns under the names of the report's fields (`AS "fieldName"`). */
type Counts<Field extends string> = Record<Field, number>;

/** Adds each count of a row to the field of the same name in its group's section. */
function addCounts<Section extends object>(
  section: Section,
  row: GroupKeyed & Partial<Record<keyof Section, number>>,
): void {
  const totals = section as Record<string, unknown>;
  for (const [field, count] of Object.entries(row)) {
    if (typeof count === 'number' && typeof totals[field] === 'number')
      totals[field] = (totals[field] as number) + count;
  }
}

export async function buildComplianceReport(
  pool: Queryable,
  params: ComplianceReportParams,
  options: { now?: () => Date } = {},
): Promise<ComplianceReport> {
  const parsed = complianceReportParamsSchema.safeParse(params);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const { from, to, organisationId } = parsed.data;
  const { startsAt, endsBefore } = reportPeriod(from, to);
  const values = [startsAt, endsBefore, organisationId ?? null];
  const inPeriod = (column: string) => `${column} >= $1 AND ${column} < $2`;
  const ofOrganisation = (column: string) => `($3::text IS NULL OR ${column} = $3)`;

  const groups = new Map<string, ComplianceGroup>();
  const group = (row: GroupKeyed): ComplianceGroup => {
    const key = `${row.organisation_id}\u0000${row.policy_profile}`;
    let found = groups.get(key);
    if (!found) groups.set(key, (found = emptyGroup(row.organisation_id, row.policy_profile)));
    return found;
  };

  // Timescales: the deadlines falling due in the period (a deadline not yet scheduled counts from its start).
  const timescales = await pool.query<
    GroupKeyed & { task: string; status: DeadlineStatus; n: number; escalated: number }
  >(
    `SELECT organisation_id, policy_profile, task, status, count(*)::int AS n,
            count(*) FILTER (WHERE cardinality(escalated_rungs) > 0)::int AS escalated
     FROM deadline_outcomes
     WHERE ${inPeriod('coalesce(due_at, started_at)')} AND ${ofOrganisation('organisation_id')}
     GROUP BY 1, 2, 3, 4`,
    values,
  );
  for (const row of timescales.rows) {
    const target = group(row).timescales;
    const entry = (target[row.task as DeadlineTask] ??= emptyTimescale());
    entry.deadlines += row.n;
    entry.escalated += row.escalated;
    if (row.status === 'met') entry.met += row.n;
    else if (row.status === 'met_late') entry.metLate += row.n;
    else if (row.status === 'overdue') entry.overdue += row.n;
    else if (row.status === 'pending') entry.pending += row.n;
    else entry.cancelled += row.n;
  }

  const escalations = await pool.query<GroupKeyed & { rung: string | null; n: number }>(
    `SELECT a.organisation_id, coalesce(c.policy_profile, 'unknown') AS policy_profile, a.rung, count(*)::int AS n
     FROM alerts a LEFT JOIN cases c ON c.case_id = a.case_id
     WHERE a.kind = 'escalation' AND ${inPeriod('a.raised_at')} AND ${ofOrganisation('a.organisation_id')}
     GROUP BY 1, 2, 3`,
    values,
  );
  for (const row of escalations.rows) {
    const target = group(row).escalations;
    const rung = row.rung ?? 'unspecified';
    target.byRung[rung] = (target.byRung[rung] ?? 0) + row.n;
    target.total += row.n;
  }

  const marac = await pool.query<GroupKeyed & Counts<'referrals' | 'repeatReferrals'>>(
    `SELECT m.organisation_id, coalesce(c.policy_profile, 'unknown') AS policy_profile,
            count(*)::int AS referrals, count(*) FILTER (WHERE m.repeat_referral)::int AS "repeatReferrals"
     FROM marac_referrals m LEFT JOIN cases c ON c.case_id = m.case_id
     WHERE ${inPeriod('m.referred_at')} AND ${ofOrganisation('m.organisation_id')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of marac.rows) addCounts(group(row).marac, row);

  // One works order per repairs workflow: requested at its first completion deadline's start, done
  // at its last completion met (a survivor not satisfied sends it back for a fresh 24 hours).
  const repairs = await pool.query<
    GroupKeyed & Counts<'orders' | 'completed' | 'completedWithin24Hours' | 'open' | 'settledWithoutCompletion'>
  >(
    `WITH orders AS (
       SELECT workflow_id, organisation_id, policy_profile, min(started_at) AS requested_at,
              max(completed_at) FILTER (WHERE status IN ('met', 'met_late')) AS completed_at,
              bool_or(status IN ('pending', 'overdue')) AS open
       FROM deadline_outcomes WHERE task = 'repairCompletion' AND ${ofOrganisation('organisation_id')}
       GROUP BY 1, 2, 3)
     SELECT organisation_id, policy_profile, count(*)::int AS orders,
            count(*) FILTER (WHERE NOT open AND completed_at IS NOT NULL)::int AS completed,
            count(*) FILTER (WHERE NOT open AND completed_at <= requested_at + interval '24 hours')::int AS "completedWithin24Hours",
            count(*) FILTER (WHERE open)::int AS open,
            count(*) FILTER (WHERE NOT open AND completed_at IS NULL)::int AS "settledWithoutCompletion"
     FROM orders WHERE ${inPeriod('requested_at')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of repairs.rows) addCounts(group(row).repairs, row);

  const rehousing = await pool.query<
    GroupKeyed &
      Counts<
        | 'workflows'
        | 'moved'
        | 'movedOnScheduledDate'
        | 'inProgress'
        | 'endedWithoutMove'
        | 'temporaryAccommodationPlaced'
        | 'temporaryAccommodationSameDay'
      >
  >(
    `WITH rehousing AS (
       SELECT workflow_id, organisation_id, policy_profile, min(started_at) AS first_at,
              bool_or(task = 'move' AND status IN ('met', 'met_late')) AS moved,
              bool_or(task = 'move' AND status = 'met') AS moved_on_date,
              bool_or(status IN ('pending', 'overdue')) AS open,
              bool_or(task = 'temporaryAccommodation' AND status IN ('met', 'met_late')) AS ta_placed,
              bool_or(task = 'temporaryAccommodation' AND status = 'met') AS ta_same_day
       FROM deadline_outcomes WHERE task IN ('temporaryAccommodation', 'move') AND ${ofOrganisation('organisation_id')}
       GROUP BY 1, 2, 3)
     SELECT organisation_id, policy_profile, count(*)::int AS workflows,
            count(*) FILTER (WHERE moved)::int AS moved,
            count(*) FILTER (WHERE moved_on_date)::int AS "movedOnScheduledDate",
            count(*) FILTER (WHERE open AND NOT moved)::int AS "inProgress",
            count(*) FILTER (WHERE NOT open AND NOT moved)::int AS "endedWithoutMove",
            count(*) FILTER (WHERE ta_placed)::int AS "temporaryAccommodationPlaced",
            count(*) FILTER (WHERE ta_same_day)::int AS "temporaryAccommodationSameDay"
     FROM rehousing WHERE ${inPeriod('first_at')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of rehousing.rows) addCounts(group(row).rehousing, row);

  const releases = await pool.query<GroupKeyed & { basis: string; n: number }>(
    `SELECT r.organisation_id, coalesce(c.policy_profile, 'unknown') AS policy_profile, r.basis, count(*)::int AS n
     FROM information_releases r LEFT JOIN cases c ON c.case_id = r.case_id
     WHERE ${inPeriod('r.released_at')} AND ${ofOrganisation('r.organisation_id')}
     GROUP BY 1, 2, 3`,
    values,
  );
  for (const row of releases.rows) {
    const target = group(row).releases;
    if (row.basis === 'consent') {
      target.withConsent += row.n;
    } else {
      target.withoutConsent += row.n;
      target.withoutConsentByBasis[row.basis] = (target.withoutConsentByBasis[row.basis] ?? 0) + row.n;
    }
  }

  for (const entry of groups.values()) {
    for (const timescale of Object.values(entry.timescales)) {
      timescale.onTimeRate = rate(timescale.met, timescale.met + timescale.metLate + timescale.overdue);
    }
    entry.marac.repeatRate = rate(entry.marac.repeatReferrals, entry.marac.referrals);
    entry.repairs.within24HoursRate = rate(
      entry.repairs.completedWithin24Hours,
      entry.repairs.completed + entry.repairs.open,
    );
  }

  const organisations = organisationId
    ? [organisationId]
    : (await pool.query<{ organisation_id: string }>('SELECT DISTINCT organisation_id FROM cases ORDER BY 1')).rows.map(
        (row) => row.organisation_id,
      );
  const cases: OrganisationCaseFigures[] = [];
  for (const organisation of organisations)
    cases.push({
      organisationId: organisation,
      ...(await buildCaseFigures(pool, organisation, {
        startsAt: startsAt.toISOString(),
        endsBefore: endsBefore.toISOString(),
      })),
    });

  return {
    period: {
      from,
      to,
      timeZone: REPORT_TIME_ZONE,
      startsAt: startsAt.toISOString(),
      endsBefore: endsBefore.toISOString(),
    },
    organisationId: organisationId ?? null,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    groups: [...groups.values()].sort(
      (a, b) => a.organisationId.localeCompare(b.organisationId) || a.policyProfile.localeCompare(b.policyProfile),
    ),
    cases,
  };
}
