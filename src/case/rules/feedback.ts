import type { Timescale } from '../../deadlines/timescale';
import { safeContactRefusals } from '../../contact/safe-contact';
import type { Refusal } from '../../platform/workflow/validation';
import type { FeedbackCommand } from '../commands';
import type { CaseState } from '../state';
import { currentSafeContact } from './safe-contact';

/**
 * How long a closed case waits for the survivor's answer once feedback is asked for. A platform
 * default: no source policy sets it (Stonewater 002 §12.2 asks for feedback "when it is appropriate").
 */
export const FEEDBACK_ANSWER_WINDOW: Timescale = { unit: 'calendar_days', amount: 28 };

/** The survivor answered, or said no: nothing more is asked of them. */
export const isFeedbackSettled = (state: Pick<CaseState, 'feedback'>): boolean =>
  (state.feedback ?? []).some((contact) => contact.outcome !== 'not_reached');

/** Why this feedback contact cannot be recorded; empty when it can. */
export function feedbackRefusals(
  state: Pick<CaseState, 'status' | 'feedbackRequestedAt' | 'feedback' | 'disclosure' | 'safeContact'>,
  command: FeedbackCommand,
): Refusal[] {
  if (state.status !== 'closed')
    return [{ type: 'NotPossible', message: 'feedback is asked for once the case is closed' }];
  if (!state.feedbackRequestedAt)
    return [
      {
        type: 'NotPossible',
        message: 'feedback is asked for when the profile’s time after closure has passed (the feedback_due alert)',
      },
    ];
  if (isFeedbackSettled(state))
    return [{ type: 'NotPossible', message: 'the survivor’s feedback is already recorded' }];
  if ((command.outcome === 'answered') !== (command.answers !== undefined))
    return [{ type: 'InvalidCommand', message: 'answers: give them with the outcome answered, and only then' }];
  return safeContactRefusals(currentSafeContact(state), command);
}
