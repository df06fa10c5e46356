import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import type { CallbackReceipt } from '../messages';
import type {
  MaracReferralRequestCommand,
  CompleteActionCommand,
  MaracOutcomeCommand,
  MeetingScheduledCommand,
  SubmitReferralCommand,
} from './commands';
import type { MaracReferralState } from './state';

export const getMaracReferralQuery = defineQuery<MaracReferralState>('getMaracReferral');
export const submitMaracReferralUpdate = defineUpdate<MaracReferralState, [SubmitReferralCommand]>(
  'submitMaracReferral',
);
export const maracMeetingScheduledUpdate = defineUpdate<CallbackReceipt<MaracReferralState>, [MeetingScheduledCommand]>(
  'maracMeetingScheduled',
);
export const maracOutcomeUpdate = defineUpdate<CallbackReceipt<MaracReferralState>, [MaracOutcomeCommand]>(
  'maracOutcome',
);
export const completeMaracActionUpdate = defineUpdate<MaracReferralState, [CompleteActionCommand]>(
  'completeMaracAction',
);

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestMaracReferralUpdate = defineUpdate<ChildStatus, [MaracReferralRequestCommand]>(
  'requestMaracReferral',
);
