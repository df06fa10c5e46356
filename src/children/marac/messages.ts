import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CompleteActionCommand, MaracOutcomeCommand, MeetingScheduledCommand, SubmitReferralCommand } from './commands';
import type { MaracReferralState } from './workflow';

/** A partner callback's answer: whether it changed anything, so a duplicate is recognisable. */
export interface CallbackReceipt<State> {
  changed: boolean;
  state: State;
}

export const getMaracReferralQuery = defineQuery<MaracReferralState>('getMaracReferral');
export const submitMaracReferralUpdate = defineUpdate<MaracReferralState, [SubmitReferralCommand]>('submitMaracReferral');
export const maracMeetingScheduledUpdate = defineUpdate<CallbackReceipt<MaracReferralState>, [MeetingScheduledCommand]>('maracMeetingScheduled');
export const maracOutcomeUpdate = defineUpdate<CallbackReceipt<MaracReferralState>, [MaracOutcomeCommand]>('maracOutcome');
export const completeMaracActionUpdate = defineUpdate<MaracReferralState, [CompleteActionCommand]>('completeMaracAction');
