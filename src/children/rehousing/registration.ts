import { childActionRow, childRegistration } from '../kind-registration';
import * as commands from './commands';
import { rehousingKind } from './kind';
import * as messages from './messages';
import { rehousingTimeline } from './timeline';
import { rehousingStateSchema } from './view-schema';

/** Rehousing as the API and the auditors see it. */
export const rehousingRegistration = childRegistration(rehousingKind, {
  startPath: '/rehousing',
  stateQuery: messages.getRehousingQuery,
  stateSchema: rehousingStateSchema,
  timeline: rehousingTimeline,
  actions: [
    childActionRow(
      '/temporary-accommodation',
      commands.temporaryAccommodationCommand,
      messages.recordTemporaryAccommodationUpdate,
    ),
    childActionRow('/options-appraisal', commands.optionsAppraisalCommand, messages.recordOptionsAppraisalUpdate),
    childActionRow('/offers', commands.offerCommand, messages.recordOfferUpdate),
    childActionRow(
      '/offers/:offerReference/decision',
      commands.offerDecisionCommand,
      messages.recordOfferDecisionUpdate,
    ),
    childActionRow('/move-date', commands.moveDateCommand, messages.recordMoveDateUpdate),
    childActionRow('/move-completion', commands.moveCompletedCommand, messages.recordMoveCompletedUpdate),
  ],
});
