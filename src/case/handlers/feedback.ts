import { setHandler } from '@temporalio/workflow';
import { rejectFirst } from '../../platform/workflow/validation';
import { outboundContactRecord } from '../../contact/safe-contact';
import * as commands from '../commands';
import * as messages from '../messages';
import { feedbackRefusals } from '../rules/feedback';
import type { FeedbackContact } from '../state';
import type { CaseContext } from './context';

/** The survivor's feedback after closure, asked for only by a channel their safe-contact profile allows. */
export function registerFeedback({
  state,
  now,
  answeringChange,
  closedCaseAction,
  assertRoomForEntry,
}: CaseContext): void {
  setHandler(
    messages.recordFeedbackUpdate,
    answeringChange(commands.feedbackCommand, (command) => {
      const contact: FeedbackContact = {
        ...outboundContactRecord(command, now()),
        outcome: command.outcome,
        ...(command.answers && { answers: command.answers }),
      };
      (state.feedback ??= []).push(contact);
      return contact;
    }),
    {
      validator: closedCaseAction(commands.feedbackCommand, (command) => {
        assertRoomForEntry('feedbackContacts');
        rejectFirst(feedbackRefusals(state, command));
      }),
    },
  );
}
