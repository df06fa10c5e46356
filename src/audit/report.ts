import { DateTime } from 'luxon';
import { z } from 'zod';
import { LAWFUL_BASES } from '../sharing/consent';
import { ESCALATION_RUNGS } from '../policy';
import type { Deadline, DeadlineStatus } from '../deadlines/tracker';
import type { Queryable } from './log';

/**
 * Compliance reporting (DESIGN §2, §4): per period and per organisation and policy profile, how
 * each timescale was kept, how often and how far deadlines escalated, MARAC referrals and repeats,
 * emergency repairs done within 24 hours, rehousing outcomes, and information released without
 * consent by lawful basis. Read from PostgreSQL only (the tables the workflows' activities write),
 * so a report never touches Temporal or any personal data.
 */

/** Every timescale the workflows track, in the order a report shows them. */
export const DEADLINE_TASKS = [
  'initialContact',
  'dashAssessment',
  'safetyPlan',
  'managerReview',
  'riskReassessment',
  'consentDecision',
  'maracSubmission',
  'maracAction',
  'repairCompletion',
  'informSurvivorOfRepairDelay',
  'temporaryAccommodation',
  'move',
] as const;
export type DeadlineTask = (typeof DEADLINE_TASKS)[number];

const DEADLINE_STATUSES = ['pending', 'overdue', 'met', 'met_late', 'cancelled'] as const satisfies readonly DeadlineStatus[];

// --- deadline outcomes: written by the projection activity ------------------------------------

/** One deadline of one workflow as the deadline_outcomes table holds it. */
export interface DeadlineOutcomeRow {
  workflowId: string;
  deadlineId: string;
  caseId: string;
  organisationId: string;
  policyProfile: string;
  task: string;
  startedAt: string;
  /** null until the deadline's schedule is computed */
  dueAt: string | null;
  status: DeadlineStatus;
  completedAt: string | null;
  /** rungs alerted so far, in order */
  escalatedRungs: string[];
}

const isoInstant = z.iso.datetime({ offset: true });
const deadlineOutcomeRowSchema = z.strictObject({
  workflowId: z.string().min(1).max(300),
  deadlineId: z.string().min(1).max(200),
  caseId: z.uuid(),
  organisationId: z.string().min(1).max(100),
  policyProfile: z.string().min(1).max(100),
  task: z.string().regex(/^[a-zA-Z]+$/, 'task must be a task name such as initialContact'),
  startedAt: isoInstant,
  dueAt: isoInstant.nullable(),
  status: z.enum(DEADLINE_STATUSES),
  completedAt: isoInstant.nullable(),
  escalatedRungs: z.array(z.string().min(1).max(50)).max(20),
});

/** What the workflow knows of itself, for deadlineOutcomeRows. */
export interface DeadlineOutcomeSource {
  workflowId: string;
  caseId: string;
  organisationId: string;
  policyProfile: string;
  deadlines: readonly Deadline[];
}

/** The rows for a workflow's deadlines (a case's or a child's), ready for recordDeadlineOutcomes. */
export function deadlineOutcomeRows(source: DeadlineOutcomeSource): DeadlineOutcomeRow[] {
  return source.deadlines.map((deadline) => ({
    workflowId: source.workflowId,
    deadlineId: deadline.id,
    caseId: source.caseId,
    organisationId: source.organisationId,
    policyProfile: source.policyProfile,
    task: deadline.task,
    startedAt: deadline.startedAt,
    dueAt: deadline.schedule?.dueAt ?? null,
    status: deadline.status,
    completedAt: deadline.completedAt ?? null,
    escalatedRungs: deadline.escalations.map((escalation) => escalation.rung),
  }));
}

/** pending < overdue < a settled status (met, met_late, cancelled), which never changes again. */
const statusRank = (status: DeadlineStatus): number => (status === 'pending' ? 0 : status === 'overdue' ? 1 : 2);
const sqlStatusRank = (column: string) => `(CASE ${column} WHEN 'pending' THEN 0 WHEN 'overdue' THEN 1 ELSE 2 END)`;

/**
 * Upserts deadline outcomes. A newer status wins: a row moves only forward (pending → overdue →
 * met / met_late / cancelled), so activities retried or delivered out of order never reopen a
 * settled deadline; the due time, completion time and escalated rungs are filled in as they become
 * known. Rows are validated first; an invalid row rejects the whole call (nothing is written).
 */
export async function recordDeadlineOutcomes(pool: Queryable, rows: readonly DeadlineOutcomeRow[]): Promise<number> {
  const parsed = rows.map((row, index) => {
    const result = deadlineOutcomeRowSchema.safeParse(row);
    if (!result.success) {
      throw new Error(`deadline outcome ${index}: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    }
    return result.data;
  });
  // One row per key: ON CONFLICT cannot touch a row twice in one statement. The most advanced wins.
  const byKey = new Map<string, DeadlineOutcomeRow>();
  for (const row of parsed) {
    const key = `${row.workflowId}\u0000${row.deadlineId}`;
    const seen = byKey.get(key);
    if (!seen || statusRank(row.status) >= statusRank(seen.status)) byKey.set(key, row);
  }
  if (byKey.size === 0) return 0;
  const records = [...byKey.values()].map((row) => ({
    workflow_id: row.workflowId,
    deadline_id: row.deadlineId,
    case_id: row.caseId,
    organisation_id: row.organisationId,
    policy_profile: row.policyProfile,
    task: row.task,
    started_at: row.startedAt,
    due_at: row.dueAt,
    status: row.status,
    completed_at: row.completedAt,
    escalated_rungs: row.escalatedRungs,
  }));
  const result = await pool.query(
    `INSERT INTO deadline_outcomes AS d (workflow_id, deadline_id, case_id, organisation_id, policy_profile, task,
                                         started_at, due_at, status, completed_at, escalated_rungs)
     SELECT r.workflow_id, r.deadline_id, r.case_id, r.organisation_id, r.policy_profile, r.task,
            r.started_at, r.due_at, r.status, r.completed_at, coalesce(r.escalated_rungs, '{}')
     FROM jsonb_to_recordset($1::jsonb) AS r(workflow_id text, deadline_id text, case_id uuid, organisation_id text,
                                             policy_profile text, task text, started_at timestamptz, due_at timestamptz,
                                             status text, completed_at timestamptz, escalated_rungs text[])
     ON CONFLICT (workflow_id, deadline_id) DO UPDATE SET
       status = EXCLUDED.status,
       due_at = coalesce(EXCLUDED.due_at, d.due_at),
       completed_at = coalesce(EXCLUDED.completed_at, d.completed_at),
       escalated_rungs = d.escalated_rungs || ARRAY(
         SELECT rung FROM unnest(EXCLUDED.escalated_rungs) WITH ORDINALITY AS e(rung, position)
         WHERE rung <> ALL (d.escalated_rungs) ORDER BY position),
       recorded_at = now()
     WHERE ${sqlStatusRank('EXCLUDED.status')} > ${sqlStatusRank('d.status')} OR EXCLUDED.status = d.status`,
    [JSON.stringify(records)],
  );
  return result.rowCount ?? 0;
}

// --- the report --------------------------------------------------------------------------------

export const REPORT_TIME_ZONE = 'Europe/London';

const dateSchema = z.iso.date({ error: 'must be a date written YYYY-MM-DD' });
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
}

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;

function emptyTimescale(): TimescaleCompliance {
  return { deadlines: 0, met: 0, metLate: 0, overdue: 0, pending: 0, cancelled: 0, escalated: 0, onTimeRate: null };
}

function emptyGroup(organisationId: string, policyProfile: string): ComplianceGroup {
  return {
    organisationId,
    policyProfile,
    timescales: Object.fromEntries(DEADLINE_TASKS.map((task) => [task, emptyTimescale()])) as Record<DeadlineTask, TimescaleCompliance>,
    escalations: { total: 0, byRung: Object.fromEntries(ESCALATION_RUNGS.map((rung) => [rung, 0])) },
    marac: { referrals: 0, repeatReferrals: 0, repeatRate: null },
    repairs: { orders: 0, completed: 0, completedWithin24Hours: 0, open: 0, settledWithoutCompletion: 0, within24HoursRate: null },
    rehousing: { workflows: 0, moved: 0, movedOnScheduledDate: 0, inProgress: 0, endedWithoutMove: 0, temporaryAccommodationPlaced: 0, temporaryAccommodationSameDay: 0 },
    releases: { withConsent: 0, withoutConsent: 0, withoutConsentByBasis: Object.fromEntries(LAWFUL_BASES.map((basis) => [basis, 0])) },
  };
}

/** The period's instants: from 00:00 on `from` to 00:00 on the day after `to`, UK time. */
export function reportPeriod(from: string, to: string, timeZone = REPORT_TIME_ZONE): { startsAt: Date; endsBefore: Date } {
  const startsAt = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
  const endsBefore = DateTime.fromISO(to, { zone: timeZone }).startOf('day').plus({ days: 1 });
  if (!startsAt.isValid || !endsBefore.isValid) throw new Error(`invalid period ${from} to ${to}`);
  return { startsAt: startsAt.toJSDate(), endsBefore: endsBefore.toJSDate() };
}

type GroupKeyed = { organisation_id: string; policy_profile: string };

/** Builds the report; `params` is validated (an Error names the field). */
export async function buildComplianceReport(pool: Queryable, params: ComplianceReportParams, options: { now?: () => Date } = {}): Promise<ComplianceReport> {
  const parsed = complianceReportParamsSchema.safeParse(params);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
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
  const timescales = await pool.query<GroupKeyed & { task: string; status: DeadlineStatus; n: number; escalated: number }>(
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

  const marac = await pool.query<GroupKeyed & { referrals: number; repeats: number }>(
    `SELECT m.organisation_id, coalesce(c.policy_profile, 'unknown') AS policy_profile,
            count(*)::int AS referrals, count(*) FILTER (WHERE m.repeat_referral)::int AS repeats
     FROM marac_referrals m LEFT JOIN cases c ON c.case_id = m.case_id
     WHERE ${inPeriod('m.referred_at')} AND ${ofOrganisation('m.organisation_id')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of marac.rows) {
    const target = group(row).marac;
    target.referrals += row.referrals;
    target.repeatReferrals += row.repeats;
  }

  // One works order per repairs workflow: requested at its first completion deadline's start, done
  // at its last completion met (a survivor not satisfied sends it back for a fresh 24 hours).
  const repairs = await pool.query<GroupKeyed & { orders: number; completed: number; within24: number; open: number; settled: number }>(
    `WITH orders AS (
       SELECT workflow_id, organisation_id, policy_profile, min(started_at) AS requested_at,
              max(completed_at) FILTER (WHERE status IN ('met', 'met_late')) AS completed_at,
              bool_or(status IN ('pending', 'overdue')) AS open
       FROM deadline_outcomes WHERE task = 'repairCompletion' AND ${ofOrganisation('organisation_id')}
       GROUP BY 1, 2, 3)
     SELECT organisation_id, policy_profile, count(*)::int AS orders,
            count(*) FILTER (WHERE NOT open AND completed_at IS NOT NULL)::int AS completed,
            count(*) FILTER (WHERE NOT open AND completed_at <= requested_at + interval '24 hours')::int AS within24,
            count(*) FILTER (WHERE open)::int AS open,
            count(*) FILTER (WHERE NOT open AND completed_at IS NULL)::int AS settled
     FROM orders WHERE ${inPeriod('requested_at')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of repairs.rows) {
    const target = group(row).repairs;
    target.orders += row.orders;
    target.completed += row.completed;
    target.completedWithin24Hours += row.within24;
    target.open += row.open;
    target.settledWithoutCompletion += row.settled;
  }

  const rehousing = await pool.query<
    GroupKeyed & { workflows: number; moved: number; moved_on_date: number; in_progress: number; ended_without_move: number; ta_placed: number; ta_same_day: number }
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
            count(*) FILTER (WHERE moved_on_date)::int AS moved_on_date,
            count(*) FILTER (WHERE open AND NOT moved)::int AS in_progress,
            count(*) FILTER (WHERE NOT open AND NOT moved)::int AS ended_without_move,
            count(*) FILTER (WHERE ta_placed)::int AS ta_placed,
            count(*) FILTER (WHERE ta_same_day)::int AS ta_same_day
     FROM rehousing WHERE ${inPeriod('first_at')}
     GROUP BY 1, 2`,
    values,
  );
  for (const row of rehousing.rows) {
    const target = group(row).rehousing;
    target.workflows += row.workflows;
    target.moved += row.moved;
    target.movedOnScheduledDate += row.moved_on_date;
    target.inProgress += row.in_progress;
    target.endedWithoutMove += row.ended_without_move;
    target.temporaryAccommodationPlaced += row.ta_placed;
    target.temporaryAccommodationSameDay += row.ta_same_day;
  }

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
    entry.repairs.within24HoursRate = rate(entry.repairs.completedWithin24Hours, entry.repairs.completed + entry.repairs.open);
  }

  return {
    period: { from, to, timeZone: REPORT_TIME_ZONE, startsAt: startsAt.toISOString(), endsBefore: endsBefore.toISOString() },
    organisationId: organisationId ?? null,
    generatedAt: (options.now?.() ?? new Date()).toISOString(),
    groups: [...groups.values()].sort((a, b) => a.organisationId.localeCompare(b.organisationId) || a.policyProfile.localeCompare(b.policyProfile)),
  };
}

// --- CSV ----------------------------------------------------------------------------------------

export const CSV_COLUMNS = ['period_from', 'period_to', 'organisation_id', 'policy_profile', 'section', 'item', 'measure', 'value'] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is defused with a leading quote. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The report as CSV in long form, one measure per line (period, organisation, profile, section,
 * item, measure, value), easy to filter or pivot in a spreadsheet. Rates are fractions (0.75);
 * an empty value means no rate (nothing to divide by). Lines end with CRLF.
 */
export function toCsv(report: ComplianceReport): string {
  const lines: (string | number | null)[][] = [[...CSV_COLUMNS]];
  const { from, to } = report.period;
  for (const group of report.groups) {
    const line = (section: string, item: string, measure: string, value: number | null) =>
      lines.push([from, to, group.organisationId, group.policyProfile, section, item, measure, value]);
    for (const task of DEADLINE_TASKS) {
      const timescale = group.timescales[task];
      for (const [measure, value] of Object.entries(timescale)) line('timescale', task, snake(measure), value as number | null);
    }
    for (const [rung, count] of Object.entries(group.escalations.byRung)) line('escalations', rung, 'count', count);
    line('escalations', 'all', 'count', group.escalations.total);
    for (const [measure, value] of Object.entries(group.marac)) line('marac', 'all', snake(measure), value);
    for (const [measure, value] of Object.entries(group.repairs)) line('repairs', 'all', snake(measure), value);
    for (const [measure, value] of Object.entries(group.rehousing)) line('rehousing', 'all', snake(measure), value);
    line('releases', 'consent', 'count', group.releases.withConsent);
    for (const [basis, count] of Object.entries(group.releases.withoutConsentByBasis)) line('releases_without_consent', basis, 'count', count);
    line('releases_without_consent', 'all', 'count', group.releases.withoutConsent);
  }
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
