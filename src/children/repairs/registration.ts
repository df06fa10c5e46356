import { childActionRow, childRegistration } from '../kind-registration';
import * as commands from './commands';
import { repairsKind } from './kind';
import * as messages from './messages';
import { repairsTimeline } from './timeline';
import { repairsStateSchema } from './view-schema';

/** Emergency repairs as the API and the auditors see them. */
export const repairsRegistration = childRegistration(repairsKind, {
  startPath: '/repairs',
  stateQuery: messages.getRepairsQuery,
  stateSchema: repairsStateSchema,
  timeline: repairsTimeline,
  actions: [
    childActionRow('/survivor-told-of-delay', commands.survivorToldOfDelayCommand, messages.survivorToldOfDelayUpdate, [
      'safeContact',
    ]),
    childActionRow('/survivor-confirmation', commands.survivorConfirmationCommand, messages.survivorConfirmationUpdate),
  ],
});
