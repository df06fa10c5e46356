import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Logger } from '../platform/logger';
import type { PolicyRegistry } from '../policy/registry';
import { DEFAULT_RETENTION_POLICY, retentionPolicyOf } from '../policy/retention';
import type { RetentionSweepInput } from './retention-activities';
import type * as bundle from '../workflows';

export const RETENTION_SCHEDULE_ID = 'case-retention';
export const RETENTION_WORKFLOW = 'retentionSweepWorkflow' satisfies keyof typeof bundle;

/** What the sweep is told: each loaded profile's retention. */
export function retentionSweepInput(profiles: PolicyRegistry): RetentionSweepInput {
  return {
    retentionByProfile: Object.fromEntries(profiles.list().map((profile) => [profile.id, retentionPolicyOf(profile)])),
    defaultRetention: DEFAULT_RETENTION_POLICY,
  };
}

/**
 * The daily schedule that erases cases past their retention (03:00 UK time, after the night's
 * reporting packs), created at start or updated to the profiles as they stand. A failure is logged,
 * not fatal: the cases' own work must not wait on it, and the next start tries again.
 */
export async function ensureRetentionSchedule(options: {
  client: Client;
  profiles: PolicyRegistry;
  taskQueue: string;
  logger?: Logger;
}): Promise<void> {
  const schedule = {
    spec: { calendars: [{ hour: 3, minute: 0, comment: 'daily' }], timezone: 'Europe/London' },
    action: {
      type: 'startWorkflow' as const,
      workflowType: RETENTION_WORKFLOW,
      workflowId: RETENTION_SCHEDULE_ID,
      taskQueue: options.taskQueue,
      args: [retentionSweepInput(options.profiles)],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const },
  };
  try {
    try {
      await options.client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, ...schedule });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await options.client.schedule
        .getHandle(RETENTION_SCHEDULE_ID)
        .update((previous) => ({ ...schedule, state: previous.state }));
    }
    options.logger?.info({ scheduleId: RETENTION_SCHEDULE_ID }, 'retention schedule ensured');
  } catch (error) {
    options.logger?.warn({ err: error }, 'the retention schedule could not be ensured; no case is erased by it yet');
  }
}
