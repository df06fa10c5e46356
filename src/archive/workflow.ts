import { proxyActivities } from '@temporalio/workflow';
import type { ArchiveActivities } from './activities';

// Each batch fetches histories and writes them: minutes at most, retried until it holds.
const { archiveClosedRuns } = proxyActivities<ArchiveActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Runs to archive per activity, so one batch stays well inside its timeout. */
const BATCH = 50;
/** Batches per workflow run, so its own history stays small; the next scheduled run goes on. */
const BATCHES_PER_RUN = 40;

/**
 * Copies every closed run of every case into the product's archive (src/archive), started by the
 * `archive-closed-runs` schedule long before any namespace retention can delete a run.
 */
export async function archiveClosedRunsWorkflow(): Promise<{ archived: number }> {
  let archived = 0;
  for (let batches = 0; batches < BATCHES_PER_RUN; batches += 1) {
    const result = await archiveClosedRuns({ batch: BATCH });
    archived += result.archived;
    if (!result.more) break;
  }
  return { archived };
}
