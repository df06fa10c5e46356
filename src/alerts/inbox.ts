import type { Pool } from 'pg';
import { caseListScope, organisationCaseScope } from '../staff/need-to-know';
import type { Principal, Role } from '../platform/auth';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import type { EscalationRung } from '../policy';

/** An alert as staff see it in their inbox: ids, task, roles and times, no case content. */
export interface InboxAlert {
  alertId: string;
  caseId: string;
  kind: string;
  task: string;
  deadlineId: string | null;
  rung: string | null;
  recipientRole: string;
  recipientTitle: string;
  recipientStaffIds: string[];
  dueAt: string | null;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  /** how the recipients were found when it was not simply the rung's holders (a cover, the next rung, nobody) */
  routingNote: string | null;
}

interface AlertRow {
  alert_id: string;
  feed_seq: string;
  case_id: string;
  kind: string;
  task: string;
  deadline_id: string | null;
  rung: string | null;
  recipient_role: string;
  recipient_title: string;
  recipient_staff_ids: string[];
  due_at: Date | null;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  routing_note: string | null;
}

const toInboxAlert = (row: AlertRow): InboxAlert => ({
  alertId: row.alert_id,
  caseId: row.case_id,
  kind: row.kind,
  task: row.task,
  deadlineId: row.deadline_id,
  rung: row.rung,
  recipientRole: row.recipient_role,
  recipientTitle: row.recipient_title,
  recipientStaffIds: row.recipient_staff_ids,
  dueAt: row.due_at?.toISOString() ?? null,
  raisedAt: row.raised_at.toISOString(),
  acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
  acknowledgedBy: row.acknowledged_by,
  routingNote: row.routing_note,
});

/** The escalation rung each approver role stands on. */
const RUNG_OF_ROLE: Partial<Record<Role, EscalationRung>> = {
  manager: 'line_manager',
  da_lead: 'da_lead',
  head_of_service: 'head_of_service',
};

/**
 * Whose inbox an alert is in, as SQL over `alerts`: always the principal's organisation; there,
 * the alerts addressed to them by name (the recipients the alert activity resolved) and those
 * raised to the rung their role stands on, whoever was on it then. Auditors read the whole
 * organisation's; a caseworker only what is addressed to them. And only ever the alerts of cases
 * the principal may see (need-to-know, src/staff/need-to-know.ts): never, for instance, the case of a
 * survivor whose perpetrator the principal works with.
 */
function audience(principal: Principal, params: SqlParams): string {
  const organisation = `organisation_id = ${params.add(principal.organisationId)}`;
  // A repairs manager never sees a case, only the repairs escalations addressed to the role (ids,
  // tasks and times: an alert carries nothing of the survivor).
  // Still never the escalations of a case whose perpetrator they work with, as for every role.
  if (principal.role === 'repairs_manager') {
    const unlinkedCase = `EXISTS (SELECT 1 FROM cases c WHERE c.case_id = alerts.case_id AND ${organisationCaseScope(principal).condition(params, 'c')})`;
    return `${organisation} AND (${params.add(principal.staffId)} = ANY (recipient_staff_ids) OR recipient_role = 'repairs_manager') AND ${unlinkedCase}`;
  }
  const visibleCase = `EXISTS (SELECT 1 FROM cases c WHERE c.case_id = alerts.case_id AND ${caseListScope(principal).condition(params, 'c')})`;
  if (principal.role === 'auditor') return `${organisation} AND ${visibleCase}`;
  const rung = RUNG_OF_ROLE[principal.role] ?? null;
  const staffId = params.add(principal.staffId);
  // A case officer's reminders are theirs even when none was addressed by name (no staff row then).
  const ownCaseOfficerAlert = `(recipient_role = 'case_officer' AND EXISTS (SELECT 1 FROM cases own WHERE own.case_id = alerts.case_id AND own.case_officer_id = ${staffId}))`;
  return `${organisation} AND (${staffId} = ANY (recipient_staff_ids) OR recipient_role = ${params.add(rung)} OR ${ownCaseOfficerAlert}) AND ${visibleCase}`;
}

/** Unacknowledged first, newest first within each. */
export function listInbox(pool: Pool, principal: Principal, page: PageRequest): Promise<Page<InboxAlert>> {
  const params = new SqlParams();
  const where = audience(principal, params);
  return selectPage(
    pool,
    { from: 'alerts', where, params, orderBy: 'acknowledged_at IS NOT NULL, raised_at DESC, alert_id' },
    page,
    toInboxAlert,
  );
}

/** One alert, if it is in the principal's inbox (the live stream re-reads each new alert through this). */
export async function findInboxAlert(
  pool: Pool,
  principal: Principal,
  alertId: string,
): Promise<InboxAlert | undefined> {
  const params = new SqlParams();
  const where = `alert_id = ${params.add(alertId)} AND ${audience(principal, params)}`;
  const result = await pool.query<AlertRow>(`SELECT * FROM alerts WHERE ${where}`, params.values);
  return result.rows[0] && toInboxAlert(result.rows[0]);
}

/** An inbox alert with its place in the feed: the live stream's event id (decimal bigint text). */
export interface FedAlert {
  seq: string;
  alert: InboxAlert;
}

/** The principal's inbox alerts stored after feed position `afterSeq`, oldest first, at most `limit` (a stream resuming). */
export async function inboxAlertsAfter(
  pool: Pool,
  principal: Principal,
  afterSeq: string,
  limit: number,
): Promise<FedAlert[]> {
  const params = new SqlParams();
  const where = `feed_seq > ${params.add(afterSeq)}::bigint AND ${audience(principal, params)}`;
  const result = await pool.query<AlertRow>(
    `SELECT * FROM alerts WHERE ${where} ORDER BY feed_seq LIMIT ${params.add(limit)}`,
    params.values,
  );
  return result.rows.map((row) => ({ seq: String(row.feed_seq), alert: toInboxAlert(row) }));
}

/** The feed position of the newest stored alert, '0' when there is none. */
export async function latestFeedSeq(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ seq: string }>('SELECT coalesce(max(feed_seq), 0)::text AS seq FROM alerts');
  return rows[0]!.seq;
}

export type Acknowledgement =
  | { outcome: 'acknowledged'; alert: InboxAlert }
  | { outcome: 'already_acknowledged'; alert: InboxAlert }
  | { outcome: 'not_found' };

/** Records the first acknowledgement only; a later one learns when and by whom it was made. */
export async function acknowledgeAlert(pool: Pool, principal: Principal, alertId: string): Promise<Acknowledgement> {
  const inInbox = (params: SqlParams) => `alert_id = ${params.add(alertId)} AND ${audience(principal, params)}`;
  const update = new SqlParams();
  const updated = await pool.query<AlertRow>(
    `UPDATE alerts SET acknowledged_at = now(), acknowledged_by = ${update.add(principal.staffId)}
     WHERE ${inInbox(update)} AND acknowledged_at IS NULL RETURNING *`,
    update.values,
  );
  if (updated.rows[0]) return { outcome: 'acknowledged', alert: toInboxAlert(updated.rows[0]) };
  const select = new SqlParams();
  const existing = await pool.query<AlertRow>(`SELECT * FROM alerts WHERE ${inInbox(select)}`, select.values);
  return existing.rows[0]
    ? { outcome: 'already_acknowledged', alert: toInboxAlert(existing.rows[0]) }
    : { outcome: 'not_found' };
}
