import { proxyActivities } from '@temporalio/workflow';

/**
 * The activities a workflow calls, typed by the domain that implements them, with one set of
 * options: half a minute per attempt, retried until they succeed (a projection or a ledger entry
 * must not be lost), backing off to a minute.
 */
export const proxyRetriedActivities = <Activities extends object>() =>
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    retry: { maximumInterval: '1 minute' },
  });
