import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { inTransaction } from '../platform/db/transaction';
import { staffRoleForRung } from '../staff/staff';
import {
  createSmtpTransport,
  DeliveryRejectedError,
  sendAlertEmail,
  sendAlertWebhook,
  type AlertMessage,
  type SmtpConfig,
  type WebhookConfig,
} from './channels';
import type { RaisedAlert } from './alert';
import type { EscalationRung } from '../policy';

export interface NotifierConfig {
  email?: { smtp: SmtpConfig; from: string };
  webhook?: WebhookConfig;
  /** where a recipient signs in to see the case, e.g. https://cases.example.org */
  caseUrlBase?: string;
}

interface Recipient {
  staff_id: string;
  email: string | null;
}

/** Who stands in the role for this case: its officer, the officer's line manager, or the organisation's role holders. */
async function resolveRecipients(pool: Pool, alert: RaisedAlert): Promise<Recipient[]> {
  if (alert.recipientRole === 'case_officer') {
    // The officer's own reminders reach them even before the directory has a row for them (their
    // token's subject is the case officer id); only a row marking them inactive takes them off.
    const result = await pool.query<Recipient>(
      `SELECT $1::text AS staff_id, staff.email FROM (SELECT 1) AS officer
       LEFT JOIN staff ON staff.staff_id = $1 WHERE staff.active IS NOT FALSE`,
      [alert.caseOfficerId],
    );
    return result.rows;
  }
  if (alert.recipientRole === 'line_manager') {
    const result = await pool.query<Recipient>(
      `SELECT manager.staff_id, manager.email FROM staff officer
       JOIN staff manager ON manager.staff_id = officer.line_manager_id AND manager.active
       WHERE officer.staff_id = $1`,
      [alert.caseOfficerId],
    );
    return result.rows;
  }
  const role = staffRoleForRung(alert.recipientRole as Exclude<EscalationRung, 'line_manager'>);
  const result = await pool.query<Recipient>(
    'SELECT staff_id, email FROM staff WHERE organisation_id = $1 AND role = $2 AND active ORDER BY staff_id',
    [alert.organisationId, role],
  );
  return result.rows;
}

export function createAlertActivities(pool: Pool, notifier: NotifierConfig) {
  const transport = notifier.email && createSmtpTransport(notifier.email.smtp);

  return {
    /** Stores the alert and one delivery row per channel and recipient; idempotent on the alert id. */
    async raiseAlert(alert: RaisedAlert): Promise<{ recipients: number }> {
      const recipients = await resolveRecipients(pool, alert);
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, deadline_id, rung, recipient_role,
                               recipient_title, recipient_staff_ids, due_at, raised_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (alert_id) DO NOTHING`,
          [
            alert.alertId,
            alert.caseId,
            alert.organisationId,
            alert.kind,
            alert.task,
            alert.deadlineId ?? null,
            alert.rung ?? null,
            alert.recipientRole,
            alert.recipientTitle,
            recipients.map((r) => r.staff_id),
            alert.dueAt ?? null,
            alert.raisedAt,
          ],
        );
        const targets: [string, string][] = [
          ...(notifier.email
            ? recipients.filter((r) => r.email).map((r): [string, string] => ['email', r.email!])
            : []),
          ...(notifier.webhook ? [['webhook', notifier.webhook.url] as [string, string]] : []),
        ];
        for (const [channel, target] of targets) {
          await client.query(
            'INSERT INTO alert_deliveries (alert_id, channel, target) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
            [alert.alertId, channel, target],
          );
        }
      });
      return { recipients: recipients.length };
    },

    /**
     * Sends every delivery of the alert not yet marked delivered. Temporal retries what failed;
     * what succeeded is marked and skipped on the retry. The alert id travels as Message-ID and
     * Idempotency-Key, so even a send whose mark was lost to a crash is recognisable as a duplicate.
     */
    async deliverAlert(alertId: string): Promise<{ delivered: number }> {
      const alertRow = await pool.query('SELECT * FROM alerts WHERE alert_id = $1', [alertId]);
      const row = alertRow.rows[0];
      if (!row) throw ApplicationFailure.nonRetryable(`no alert ${alertId}`, 'DeliveryRejected');
      const message: AlertMessage = {
        alertId,
        caseId: row.case_id,
        kind: row.kind,
        task: row.task,
        rung: row.rung ?? undefined,
        recipientRole: row.recipient_role,
        recipientTitle: row.recipient_title,
        dueAt: row.due_at?.toISOString(),
        raisedAt: row.raised_at.toISOString(),
        caseUrl: notifier.caseUrlBase ? `${notifier.caseUrlBase.replace(/\/$/, '')}/cases/${row.case_id}` : undefined,
      };
      const pending = await pool.query<{ channel: 'email' | 'webhook'; target: string }>(
        'SELECT channel, target FROM alert_deliveries WHERE alert_id = $1 AND delivered_at IS NULL ORDER BY channel, target',
        [alertId],
      );
      const failures: Error[] = [];
      let delivered = 0;
      for (const { channel, target } of pending.rows) {
        try {
          if (channel === 'email' && transport && notifier.email)
            await sendAlertEmail(transport, message, [target], notifier.email.from);
          else if (channel === 'webhook' && notifier.webhook) await sendAlertWebhook(notifier.webhook, message);
          else throw new DeliveryRejectedError(`the ${channel} channel is no longer configured`);
          await pool.query(
            'UPDATE alert_deliveries SET delivered_at = now(), attempts = attempts + 1, last_error = NULL WHERE alert_id = $1 AND channel = $2 AND target = $3',
            [alertId, channel, target],
          );
          delivered += 1;
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          failures.push(failure);
          await pool.query(
            'UPDATE alert_deliveries SET attempts = attempts + 1, last_error = $4 WHERE alert_id = $1 AND channel = $2 AND target = $3',
            [alertId, channel, target, failure.message.slice(0, 500)],
          );
        }
      }
      if (failures.length > 0) {
        const summary = `${failures.length} of ${pending.rows.length} deliveries failed: ${failures.map((f) => f.message).join('; ')}`;
        const permanent = failures.every((failure) => failure instanceof DeliveryRejectedError);
        throw permanent
          ? ApplicationFailure.nonRetryable(summary, 'DeliveryRejected')
          : ApplicationFailure.retryable(summary, 'DeliveryFailed');
      }
      return { delivered };
    },
  };
}

/** What workflows call of these (as types only). */
export type AlertActivities = ReturnType<typeof createAlertActivities>;
