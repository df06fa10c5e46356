import { defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import { childMessages } from '../messages';
import type {
  MakeSafeguardingReferralCommand,
  ReviewSafeguardingReferralCommand,
  SafeguardingAcknowledgementCommand,
  SafeguardingOutcomeCommand,
  SafeguardingRequestCommand,
} from './commands';
import type { SafeguardingState } from './state';

const referral = childMessages<SafeguardingState>();

export const getSafeguardingReferralQuery = referral.query('getSafeguardingReferral');
export const makeSafeguardingReferralUpdate =
  referral.staffAction<MakeSafeguardingReferralCommand>('makeSafeguardingReferral');
export const reviewSafeguardingReferralUpdate =
  referral.staffAction<ReviewSafeguardingReferralCommand>('reviewSafeguardingReferral');
export const safeguardingAcknowledgedUpdate = referral.partnerCallback<SafeguardingAcknowledgementCommand>(
  'safeguardingReferralAcknowledged',
);
export const safeguardingOutcomeUpdate =
  referral.partnerCallback<SafeguardingOutcomeCommand>('safeguardingReferralOutcome');

/** The case's Update by which staff raise one (the case's workflow answers it, not this kind's). */
export const requestSafeguardingReferralUpdate = defineUpdate<ChildStatus, [SafeguardingRequestCommand]>(
  'requestSafeguardingReferral',
);
