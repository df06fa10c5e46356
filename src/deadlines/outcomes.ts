import type { Pool } from 'pg';
import { z } from 'zod';
import type { Queryable } from '../platform/db/queryable';
import { DEADLINE_STATUSES, type DeadlineStatus } from './deadline';
import type { DeadlineOutcomeSource } from './contracts';

/*
 * The deadline_outcomes projection the compliance report (src/audit/report.ts) reads: how each
 * deadline of a case or child stands, written by the workflows' projectDeadlineOutcomes activity.
 */

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
      throw new Error(
        `deadline outcome ${index}: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
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

export function createDeadlineOutcomeActivities(pool: Pool) {
  return {
    /** How each deadline of a case or child stands, for the compliance report; a newer status wins. */
    async projectDeadlineOutcomes(source: DeadlineOutcomeSource): Promise<void> {
      await recordDeadlineOutcomes(pool, deadlineOutcomeRows(source));
    },
  };
}

/** What workflows call of these (as types only). */
export type DeadlineOutcomeActivities = ReturnType<typeof createDeadlineOutcomeActivities>;
