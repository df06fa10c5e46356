import { proxyRetriedActivities } from '../platform/workflow/activity-proxy';
import type { ProducedPack, ProducePackInput, ReportingPackActivities } from './activities';

const activities = proxyRetriedActivities<ReportingPackActivities>();

/** What a reporting-pack schedule starts the workflow with (src/reporting/schedules.ts). */
export type ReportingPackWorkflowInput = Omit<ProducePackInput, 'asOf'> & {
  /** the instant whose previous complete period the pack covers; unset: the run's start (the schedule's time) */
  asOf?: string;
};

/**
 * One reporting pack: started by its organisation's schedule, it asks one activity to compute and
 * store the pack (retried until it succeeds; storing is idempotent per period).
 */
export async function reportingPackWorkflow(input: ReportingPackWorkflowInput): Promise<ProducedPack> {
  return activities.produceReportingPack({ ...input, asOf: input.asOf ?? new Date().toISOString() });
}
