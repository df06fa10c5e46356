import { defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import { childMessages } from '../messages';
import type {
  CompleteActionCommand,
  MaracOutcomeCommand,
  MaracReferralRequestCommand,
  MeetingScheduledCommand,
  SubmitReferralCommand,
} from './commands';
import type { MaracReferralState } from './state';

const referral = childMessages<MaracReferralState>();

export const getMaracReferralQuery = referral.query('getMaracReferral');
export const submitMaracReferralUpdate = referral.staffAction<SubmitReferralCommand>('submitMaracReferral');
export const maracMeetingScheduledUpdate = referral.partnerCallback<MeetingScheduledCommand>('maracMeetingScheduled');
export const maracOutcomeUpdate = referral.partnerCallback<MaracOutcomeCommand>('maracOutcome');
export const completeMaracActionUpdate = referral.staffAction<CompleteActionCommand>('completeMaracAction');

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestMaracReferralUpdate = defineUpdate<ChildStatus, [MaracReferralRequestCommand]>(
  'requestMaracReferral',
);
