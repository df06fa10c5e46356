import { log, proxyActivities, uuid4 } from '@temporalio/workflow';
import type { AlertRequest, CaseAlertSummary } from './alert';
import { proxyRetriedActivities } from '../platform/workflow/activity-proxy';
import type { InFlightActivities } from '../platform/workflow/in-flight-activities';
import type { AlertActivities } from './activities';

const activities = proxyRetriedActivities<AlertActivities>();

// Delivery runs beside the ladder, never in its way: a mail outage must not delay the next rung.
const delivery = proxyActivities<AlertActivities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes', nonRetryableErrorTypes: ['DeliveryRejected'] },
});

/** Raises alerts for one case: stored at once, delivered in the background, listed in `alerts`. */
export function createAlertRaiser(context: {
  caseId: string;
  organisationId: string;
  /** asked at each alert, so a reassigned case's alerts follow its officer */
  caseOfficerId: () => string;
  alerts: CaseAlertSummary[];
  inFlight: InFlightActivities;
}) {
  return async function raise(alert: AlertRequest): Promise<string> {
    const alertId = uuid4();
    const raisedAt = new Date().toISOString();
    context.alerts.push({
      alertId,
      kind: alert.kind,
      task: alert.task,
      rung: alert.rung,
      recipientRole: alert.recipientRole,
      raisedAt,
    });
    await context.inFlight.tracked(() =>
      activities.raiseAlert({
        ...alert,
        alertId,
        raisedAt,
        caseId: context.caseId,
        organisationId: context.organisationId,
        caseOfficerId: context.caseOfficerId(),
      }),
    );
    void context.inFlight
      .tracked(() => delivery.deliverAlert(alertId))
      // each channel's failure is recorded on its delivery row for the alert inbox
      .catch(() => log.warn('alert delivery gave up', { alertId }));
    return alertId;
  };
}

export type RaiseAlert = ReturnType<typeof createAlertRaiser>;
