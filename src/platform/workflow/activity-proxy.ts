import { proxyActivities } from '@temporalio/workflow';
import type { WorkerActivities } from '../../activities';

/**
 * The activities every workflow calls, with one set of options: half a minute per attempt, retried
 * until they succeed (a projection or a ledger entry must not be lost), backing off to a minute.
 */
export const activities = proxyActivities<WorkerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});
