import { uuid4 } from '@temporalio/workflow';
import { childKind, type OwnInput } from '../kind-declaration';
import type { SafeguardingSubject } from './commands';
import { safeguardingRequestCommand } from './commands';
import { requestSafeguardingReferralUpdate } from './messages';
import type { SafeguardingInput } from './state';

/** The referral the case starts for the children or adult at risk in the household the disclosure names. */
export const householdSafeguardingInput = (
  subjects: SafeguardingSubject[],
  raisedAt: string,
): OwnInput<SafeguardingInput> => ({ referralId: uuid4(), reason: 'household', subjects, raisedAt });

/** A safeguarding referral to the local authority, followed to its outcome. */
export const safeguardingKind = childKind({
  kind: 'safeguarding',
  label: 'Safeguarding referral',
  workflowType: 'safeguardingReferralWorkflow',
  request: {
    update: requestSafeguardingReferralUpdate,
    command: safeguardingRequestCommand,
    recordedCommand: safeguardingRequestCommand,
    oneOpenAtATime: 'a safeguarding referral for this case is already open',
    input: (command, starting): OwnInput<SafeguardingInput> => ({
      referralId: uuid4(),
      reason: 'staff_raised',
      subjects: [command.subject],
      raisedAt: starting.now,
      raisedBy: command.actor.staffId,
      concern: command.concern,
    }),
  },
});
