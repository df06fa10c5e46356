import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { inTransaction } from '../platform/db/transaction';
import { directoryLookup } from '../directory/lookup';
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
import { routeAlert } from './recipients';

export interface NotifierConfig {
  email?: { smtp: SmtpConfig; from: string };
  webhook?: WebhookConfig;
  /** where a recipient signs in to see the case, e.g. https://cases.example.org */
  caseUrlBase?: string;
}

export function createAlertActivities(pool: Pool, notifier: NotifierConfig) {
  const transport = notifier.email && createSmtpTransport(notifier.email.smtp);

  return {
    /** Stores the alert and one delivery row per channel and recipient; idempotent on the alert id. */
    async raiseAlert(alert: RaisedAlert): Promise<{ recipients: number }> {
      const { recipients, note } = await routeAlert(directoryLookup(pool, alert.organisationId), alert);
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, deadline_id, rung, recipient_role,
                               recipient_title, recipient_staff_ids, due_at, raised_at, routing_note)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (alert_id) DO NOTHING`,
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
            recipients.map((r) => r.staffId),
            alert.dueAt ?? null,
            alert.raisedAt,
            note,
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
        routingNote: row.routing_note ?? undefined,
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
