import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './activities';
import { bareActionUpdate, type BareCaseInput } from './contract';

const { insertEvent } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * The baseline: as little as Temporal needs to keep a case. One INSERT when opened, one INSERT per
 * staff action (an Update), then it waits; no state, no timers, no validation.
 */
export async function runBareCase(input: BareCaseInput): Promise<void> {
  let actions = 0;
  setHandler(bareActionUpdate, async ({ kind }) => {
    actions += 1;
    await insertEvent(input.caseId, kind, actions);
    return actions;
  });
  await insertEvent(input.caseId, 'opened', 0);
  await condition(() => false);
}
