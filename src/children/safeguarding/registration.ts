import { childActionRow, childRegistration } from '../kind-registration';
import * as commands from './commands';
import { safeguardingKind } from './kind';
import * as messages from './messages';
import { safeguardingTimeline } from './timeline';
import { safeguardingStateSchema } from './view-schema';

/** The safeguarding referral as the API and the auditors see it. */
export const safeguardingRegistration = childRegistration(safeguardingKind, {
  // not /safeguarding-referrals: that is the one-line record running cases keep (POST /cases/{caseId}/safeguarding-referrals)
  startPath: '/safeguarding',
  stateQuery: messages.getSafeguardingReferralQuery,
  stateSchema: safeguardingStateSchema,
  timeline: safeguardingTimeline,
  actions: [
    childActionRow('/referral', commands.makeSafeguardingReferralCommand, messages.makeSafeguardingReferralUpdate),
    childActionRow('/reviews', commands.reviewSafeguardingReferralCommand, messages.reviewSafeguardingReferralUpdate),
  ],
});
