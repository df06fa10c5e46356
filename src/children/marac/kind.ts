import { uuid4 } from '@temporalio/workflow';
import { childKind, type OwnInput } from '../kind-declaration';
import { maracReferralRequestCommand, recordedMaracReferralRequestCommand } from './commands';
import { requestMaracReferralUpdate } from './messages';
import type { MaracReferralInput } from './state';

/** A referral's own input: the case starts one on a high-risk DASH, or staff ask for one on judgement. */
export const maracReferralInput = (
  reason: MaracReferralInput['reason'],
  referredAt: string,
  survivorReference: string,
): OwnInput<MaracReferralInput> => ({ referralId: uuid4(), reason, referredAt, survivorReference });

/** The MARAC referral a case starts when the risk calls for one. */
export const maracKind = childKind({
  kind: 'marac',
  label: 'MARAC referral',
  workflowType: 'maracReferralWorkflow',
  request: {
    update: requestMaracReferralUpdate,
    command: maracReferralRequestCommand,
    recordedCommand: recordedMaracReferralRequestCommand,
    oneOpenAtATime: 'a MARAC referral for this case is already open',
    input: (_command, starting) =>
      maracReferralInput('professional_judgement', starting.now, starting.survivorReference),
  },
});
