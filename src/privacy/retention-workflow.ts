import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities, RetentionSweepInput } from './retention-activities';

const { eraseCasesPastRetention } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Cases weighed per activity, and batches per run: the next day's run goes on where this one stopped short. */
const BATCH = 100;
const BATCHES_PER_RUN = 50;

/**
 * Erases every closed case past its profile's retention and under no legal hold (src/privacy/erasure.ts),
 * started daily by the `case-retention` schedule.
 */
export async function retentionSweepWorkflow(input: RetentionSweepInput): Promise<{ erased: number; held: number }> {
  let erased = 0;
  let held = 0;
  let afterCaseId: string | undefined;
  for (let batches = 0; batches < BATCHES_PER_RUN; batches += 1) {
    const result = await eraseCasesPastRetention({ ...input, batch: BATCH, afterCaseId });
    erased += result.erased;
    held += result.held;
    afterCaseId = result.lastCaseId;
    if (!result.more) break;
  }
  return { erased, held };
}
