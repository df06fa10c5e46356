import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CallbackReceipt } from '../messages';
import type {
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
