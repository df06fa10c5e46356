import { childActionRow, childRegistration } from '../kind-registration';
import * as commands from './commands';
import { maracKind } from './kind';
import * as messages from './messages';
import { maracTimeline } from './timeline';
import { maracReferralStateSchema } from './view-schema';

/** The MARAC referral as the API and the auditors see it. */
export const maracRegistration = childRegistration(maracKind, {
  startPath: '/marac-referrals',
  stateQuery: messages.getMaracReferralQuery,
  stateSchema: maracReferralStateSchema,
  timeline: maracTimeline,
  actions: [
    childActionRow('/submission', commands.submitReferralCommand, messages.submitMaracReferralUpdate, [
      'maracResearch',
    ]),
    childActionRow('/actions/:actionId/completion', commands.completeActionCommand, messages.completeMaracActionUpdate),
  ],
});
