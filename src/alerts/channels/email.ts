import { createTransport, type NodemailerError, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import {
  type AlertKind,
  type AlertMessage,
  DeliveryFailedError,
  DeliveryRejectedError,
  pickAlertFields,
} from '../alert';

export interface SmtpConfig {
  host: string;
  port: number;
  /** true: TLS from the first byte (port 465); false: plain connection, upgraded by STARTTLS when offered. */
  secure: boolean;
  user?: string;
  password?: string;
  /** Refuse to send unless STARTTLS succeeds (only meaningful with secure: false). */
  requireTls?: boolean;
}

export interface AlertEmailResult {
  messageId: string;
  /** Recipients the server refused while accepting others: a manager who did not get the alert. */
  rejected: string[];
}

/** Bounded waits, so a dead mail server fails the activity attempt instead of hanging it. */
const SMTP_TIMEOUTS_MS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

const HEADLINES: Record<AlertKind, (task: string) => string> = {
  reminder: (task) => `Reminder: ${task} due soon`,
  escalation: (task) => `Escalation: ${task} overdue`,
  immediate_danger: (task) => `Immediate danger: ${task} needs action now`,
  high_risk: (task) => `High risk: ${task} needs action`,
  feedback_due: () => 'Ask for feedback through a safe channel',
};

/** Every provider is in the UK; the ISO instant is printed alongside for the audit trail. */
const UK_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' });

export function createSmtpTransport(config: SmtpConfig): Transporter<SMTPSentMessageInfo> {
  return createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls ?? false,
    auth: config.user === undefined ? undefined : { user: config.user, pass: config.password },
    ...SMTP_TIMEOUTS_MS,
  });
}

/**
 * Sends one alert as a plain-text email. The Message-ID is derived from the alertId, so a
 * retried activity that delivers twice produces two copies recognisable as the same alert.
 * Given an SmtpConfig instead of a transporter, it opens a connection for this message only.
 */
export async function sendAlertEmail(
  transport: Transporter | SmtpConfig,
  message: AlertMessage,
  to: string[],
  from: string,
): Promise<AlertEmailResult> {
  const alert = pickAlertFields(message);
  if (to.length === 0) throw new DeliveryRejectedError('alert email has no recipients');

  const transporter = isTransporter(transport) ? transport : createSmtpTransport(transport);
  const ownsTransporter = transporter !== transport;
  try {
    const info = await transporter.sendMail({
      from,
      to,
      subject: alertSubject(alert),
      text: alertBody(alert),
      messageId: alertMessageId(alert.alertId),
      headers: {
        'X-Alert-Id': alert.alertId,
        // Stops out-of-office and other auto-replies (RFC 3834; Exchange reads the second).
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      },
    });
    return { messageId: info.messageId, rejected: info.rejected ?? [] };
  } catch (error) {
    throw classifySmtpError(error);
  } finally {
    if (ownsTransporter) transporter.close();
  }
}

export function alertMessageId(alertId: string): string {
  return `<alert-${alertId}@da-case-orchestrator>`;
}

export function alertSubject(alert: AlertMessage): string {
  return `[DA case] ${alertHeadline(alert)} — case ${shortCaseId(alert.caseId)}`;
}

export function alertBody(alert: AlertMessage): string {
  const details: [label: string, value: string | undefined][] = [
    ['Case', alert.caseId],
    ['Task', `${describeTask(alert.task)} (${alert.task})`],
    ['Due', alert.dueAt && describeInstant(alert.dueAt)],
    ['Escalation rung', alert.rung],
    ['For', `${alert.recipientTitle} (${alert.recipientRole})`],
    ['Sent to you because', alert.routingNote],
    ['Raised', describeInstant(alert.raisedAt)],
    ['Open the case', alert.caseUrl],
  ];
  const detailLines = details.filter(([, value]) => value).map(([label, value]) => `${label}: ${value}`);
  return [
    `${alertHeadline(alert)}.`,
    '',
    ...detailLines,
    '',
    'Acknowledging this alert does not complete the task.',
    'This alert deliberately holds no personal details: open the case to see them.',
    `Alert id: ${alert.alertId}`,
    '',
  ].join('\n');
}

function alertHeadline(alert: AlertMessage): string {
  const headline = HEADLINES[alert.kind];
  // A kind added to the database before this map learns it still produces a usable subject.
  return headline ? headline(describeTask(alert.task)) : `${alert.kind}: ${describeTask(alert.task)}`;
}

/** 'initialContact' or 'initial_contact' → 'initial contact'. */
function describeTask(task: string): string {
  return task
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

function shortCaseId(caseId: string): string {
  return caseId.length > 8 ? `${caseId.slice(0, 8)}…` : caseId;
}

function describeInstant(iso: string): string {
  const instant = new Date(iso);
  return Number.isNaN(instant.getTime()) ? iso : `${UK_TIME.format(instant)} UK time (${iso})`;
}

function isTransporter(transport: Transporter | SmtpConfig): transport is Transporter {
  return typeof (transport as Partial<Transporter>).sendMail === 'function';
}

/**
 * A permanent SMTP reply (5xx) will be refused again, so it is not retried. Authentication
 * failures are the exception: they are fixed in configuration, after which a retry succeeds
 * and the alert is not lost.
 */
function classifySmtpError(error: unknown): Error {
  const smtpError = error as NodemailerError;
  const reason = `SMTP delivery of alert failed (${smtpError.responseCode ?? smtpError.code ?? 'unknown error'})`;
  if (smtpError.permanent === true && smtpError.code !== 'EAUTH') {
    return new DeliveryRejectedError(reason, smtpError.responseCode, { cause: error });
  }
  return new DeliveryFailedError(reason, smtpError.responseCode, { cause: error });
}
