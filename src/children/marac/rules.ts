import type { Deadline } from '../../deadlines/deadline';
import { partnerDateProblem } from '../../platform/dates';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import type { Refusal } from '../../platform/workflow/validation';
import { childStatusOf } from '../status';
import type { MaracOutcomeCommand, SubmitReferralCommand } from './commands';
import { maracAreasOf } from '../../policy/marac';
import type { PolicyProfile } from '../../policy/profile';
import type { MaracAction, MaracReferralState } from './state';

/** A referral is done once the MARAC's outcome is recorded and every action it gave us is completed. */
export const maracActionsDone = (state: MaracReferralState): boolean =>
  state.outcome !== undefined && state.outcome.actions.every((action) => action.completedAt);

/** Where the referral stands, derived from what is recorded, the latest step first. */
export const maracStatus = (state: MaracReferralState): string =>
  childStatusOf(
    state,
    maracActionsDone(state),
    [
      [state.outcome, 'actions_open'],
      [state.meeting, 'meeting_scheduled'],
      [state.submission, 'submitted'],
    ],
    'preparing',
  );

/** The submission deadline is met by the submission, an action's by that action's completion. */
export const isMaracDeadlineMet = (deadline: Deadline, state: MaracReferralState): boolean =>
  deadline.task === 'maracSubmission'
    ? state.submission !== undefined
    : Boolean(state.outcome?.actions.find((action) => action.actionId === deadline.subjectId)?.completedAt);

/**
 * A referral is submitted once; to one of the MARACs the profile names, where it names them; and its
 * research goes only under the high-risk MARAC basis, which the organisation's policy must allow.
 */
export function submissionRefusals(
  state: MaracReferralState,
  command: Pick<SubmitReferralCommand, 'area' | 'research'>,
  profile: PolicyProfile,
): Refusal[] {
  if (state.submission)
    return [{ type: 'NotPossible', message: `the referral was already submitted at ${state.submission.at}` }];
  const areas = Object.keys(maracAreasOf(profile));
  if (areas.length > 0 && !areas.includes(command.area))
    return [
      {
        type: 'InvalidCommand',
        message: `area: "${command.area}" is not a MARAC ${profile.organisationName} attends (it attends: ${areas.join(', ')})`,
      },
    ];
  if (command.research && !profile.lawfulBasesForSharingWithoutConsent.includes('high_risk_marac'))
    return [
      {
        type: 'NotPossible',
        message: `${profile.organisationName}'s policy does not allow sharing under the high-risk MARAC basis, so the referral's research cannot be sent`,
      },
    ];
  return [];
}

/**
 * The coordinator's meeting date: only for a submitted referral whose meeting has not happened, a
 * date the partner can mean, and a new date only while the referral has room for one.
 */
export function meetingDateRefusals(state: MaracReferralState, meetingDate: string, now: string): Refusal[] {
  if (!state.submission) return [{ type: 'NotPossible', message: 'the referral has not been submitted yet' }];
  if (state.outcome)
    return [{ type: 'NotPossible', message: 'the meeting has already happened: its outcome is recorded' }];
  const dateProblem = partnerDateProblem(meetingDate, 'due', { requestedAt: state.submission.at, now });
  if (dateProblem) return [{ type: 'InvalidCommand', message: `meetingDate: ${dateProblem}` }];
  const dates = state.meeting ? state.meeting.earlierDates.length + 1 : 0;
  const full =
    state.meeting?.date !== meetingDate &&
    entryLimitRefusal(dates, CHILD_ENTRY_LIMITS.maracMeetingDates, 'meeting dates', 'referral');
  return full ? [{ type: 'NotPossible', message: full }] : [];
}

const sameActions = (recorded: MaracAction[], proposed: MaracOutcomeCommand['actions']): boolean =>
  recorded.length === proposed.length &&
  proposed.every((action) =>
    recorded.some(
      (r) => r.actionId === action.actionId && r.description === action.description && r.dueDate === action.dueDate,
    ),
  );

/** The meeting's outcome: only after a meeting date, each action due on a date the partner can mean, and once (a repeat must match). */
export function outcomeRefusals(
  state: MaracReferralState,
  actions: MaracOutcomeCommand['actions'],
  now: string,
): Refusal[] {
  if (!state.meeting) return [{ type: 'NotPossible', message: 'no meeting date has been recorded for this referral' }];
  for (const [index, action] of actions.entries()) {
    const dateProblem = partnerDateProblem(action.dueDate, 'due', { requestedAt: state.submission!.at, now });
    if (dateProblem) return [{ type: 'InvalidCommand', message: `actions.${index}.dueDate: ${dateProblem}` }];
  }
  if (state.outcome && !sameActions(state.outcome.actions, actions)) {
    return [
      { type: 'NotPossible', message: `a different outcome was already recorded at ${state.outcome.recordedAt}` },
    ];
  }
  return [];
}

export function actionCompletionRefusals(state: MaracReferralState, actionId: string): Refusal[] {
  const action = state.outcome?.actions.find((candidate) => candidate.actionId === actionId);
  if (!action) return [{ type: 'NotPossible', message: `no MARAC action ${actionId} is assigned to us` }];
  if (action.completedAt)
    return [{ type: 'NotPossible', message: `this action was completed at ${action.completedAt}` }];
  return [];
}
