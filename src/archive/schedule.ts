import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ConnectionLike } from '@temporalio/client';
import type { Logger } from '../platform/logger';

export const ARCHIVE_SCHEDULE_ID = 'archive-closed-runs';

/**
 * How often closed runs are archived: far inside any namespace retention (Temporal Cloud's least
 * is a day), so a run is in the archive long before Temporal may delete it.
 */
const ARCHIVE_EVERY = '15 minutes';

/**
 * The schedule that archives closed runs, created once per namespace (idempotent: an existing one
 * is left as it is). A failure is logged, not fatal: the cases' own work must not wait on it, and
 * the next worker start tries again.
 */
export async function ensureArchiveSchedule(options: {
  connection: ConnectionLike;
  namespace: string;
  taskQueue: string;
  logger?: Logger;
}): Promise<void> {
  const client = new Client({ connection: options.connection, namespace: options.namespace });
  try {
    await client.schedule.create({
      scheduleId: ARCHIVE_SCHEDULE_ID,
      spec: { intervals: [{ every: ARCHIVE_EVERY }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'archiveClosedRunsWorkflow',
        workflowId: ARCHIVE_SCHEDULE_ID,
        taskQueue: options.taskQueue,
        args: [],
      },
      // one archiver at a time; a worker down for a while catches up once it is back
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    options.logger?.info({ scheduleId: ARCHIVE_SCHEDULE_ID }, 'archive schedule created');
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return;
    options.logger?.warn({ err: error }, 'the archive schedule could not be created; closed runs are not archived');
  }
}
