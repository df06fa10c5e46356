import type { EscalationRung } from '../policy';

/**
 * What a delivery channel is told about an alert.
 *
 * Alerts leave our access controls: they sit in mailboxes and in partner systems behind
 * webhooks. So an alert carries ONLY ids, task names, roles and times, never survivor
 * personal data (no names, addresses, phone numbers, safe words, case notes). Anyone who
 * needs the detail follows `caseUrl` and signs in. Channels build their output solely from
 * `pickAlertFields`, which copies the fields below by name, so an object that carries extra
 * properties at runtime cannot leak them.
 */
export const ALERT_KINDS = ['reminder', 'escalation', 'immediate_danger', 'high_risk', 'feedback_due'] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

/** What workflow code asks to raise: who is told, about which task, and for a deadline which one. */
export interface AlertRequest {
  kind: AlertKind;
  task: string;
  recipientRole: string;
  recipientTitle: string;
  rung?: EscalationRung;
  deadlineId?: string;
  dueAt?: string;
  /** the rungs after this one on its deadline's ladder, in order: who is told when nobody is present on it */
  nextRungs?: EscalationRung[];
}

/** The raiseAlert activity's input: the request with its id, its time and the case it is about. */
export interface RaisedAlert extends AlertRequest {
  alertId: string;
  caseId: string;
  organisationId: string;
  caseOfficerId: string;
  raisedAt: string;
}

/** What a workflow's state keeps of each alert it raised. */
export type CaseAlertSummary = Pick<RaisedAlert, 'alertId' | 'kind' | 'task' | 'rung' | 'recipientRole' | 'raisedAt'>;

export interface AlertMessage {
  /** UUID, stable per alert: the idempotency key every channel passes on. */
  alertId: string;
  caseId: string;
  kind: AlertKind;
  /** Workflow task name, e.g. 'initialContact'. */
  task: string;
  /** Escalation ladder rung, e.g. 'line_manager', 'da_lead'. */
  rung?: string;
  recipientRole: string;
  /** The organisation's own words for the role, e.g. 'Tenancy Sustainment Manager'. */
  recipientTitle: string;
  /** ISO 8601 instant. */
  dueAt?: string;
  /** ISO 8601 instant. */
  raisedAt: string;
  /** How the recipients were found, when a cover stood in or the next rung was told (ids and roles only). */
  routingNote?: string;
  caseUrl?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Delivery failed in a way that may succeed later (receiver down, 5xx, timeout): Temporal
 * should retry the activity.
 */
export class DeliveryFailedError extends Error {
  readonly retryable: boolean = true;

  constructor(
    message: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'DeliveryFailedError';
  }
}

/**
 * The receiver refused the alert, or the alert itself is unusable: retrying the same request
 * cannot succeed, so the activity maps this to a non-retryable failure.
 */
export class DeliveryRejectedError extends DeliveryFailedError {
  override readonly retryable = false;

  constructor(message: string, status?: number, options?: ErrorOptions) {
    super(message, status, options);
    this.name = 'DeliveryRejectedError';
  }
}

/**
 * The whitelist: every channel builds its output from this copy only. A field added to
 * AlertMessage is not sent until it is added here too. The alertId ends up in mail and HTTP
 * headers, so it must be a plain UUID.
 */
export function pickAlertFields(message: AlertMessage): AlertMessage {
  if (!UUID.test(message.alertId)) {
    throw new DeliveryRejectedError('alert rejected before delivery: alertId is not a UUID');
  }
  return {
    alertId: message.alertId,
    caseId: message.caseId,
    kind: message.kind,
    task: message.task,
    rung: message.rung,
    recipientRole: message.recipientRole,
    recipientTitle: message.recipientTitle,
    dueAt: message.dueAt,
    raisedAt: message.raisedAt,
    routingNote: message.routingNote,
    caseUrl: message.caseUrl,
  };
}
