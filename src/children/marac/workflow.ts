import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WorkerActivities } from '../../activities';
import type { PartnerDelivery } from '../partner-gateway';
import { partnerDateProblem } from '../../platform/dates';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import { createChildRuntime, settleChildSignal, type ChildContext, type ChildStateBase } from '../kit';
import type { Deadline } from '../../deadlines/deadline';
import type { DeadlineTaskOf } from '../../deadlines/tasks';
import { parseCommand, reject, staffActionValidator } from '../../platform/workflow/validation';
import * as commands from './commands';
import * as messages from './messages';

const activities = proxyActivities<WorkerActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

export interface MaracReferralInput extends ChildContext {
  referralId: string;
  reason: 'high_risk_assessment' | 'professional_judgement';
  referredAt: string;
  /** the provider's reference for the survivor, to find an earlier referral (stored only as a hash) */
  survivorReference: string;
}

type MaracTask = DeadlineTaskOf<'marac'>;

export interface MaracAction {
  actionId: string;
  description: string;
  dueDate: string;
  completedAt?: string;
  completedBy?: string;
}

export interface MaracReferralState extends ChildStateBase {
  referralId: string;
  reason: MaracReferralInput['reason'];
  referredAt: string;
  status: string;
  repeat?: { repeat: boolean; previousReferralAt?: string };
  submission?: { at: string; by: string; area: string; survivorInformed: boolean; reasonNotInformed?: string; delivery: PartnerDelivery };
  meeting?: { date: string; recordedAt: string; earlierDates: string[] };
  outcome?: { recordedAt: string; actions: MaracAction[] };
  deadlines: Deadline<MaracTask>[];
}

const sameActions = (recorded: MaracAction[], proposed: commands.MaracOutcomeCommand['actions']): boolean =>
  recorded.length === proposed.length &&
  proposed.every((action) => recorded.some((r) => r.actionId === action.actionId && r.description === action.description && r.dueDate === action.dueDate));

/**
 * A MARAC referral (DESIGN 3.7): submitted to the area's coordinator before the profile's deadline,
 * the survivor told unless that would raise the risk, then the meeting, its outcome, and each action
 * assigned to us tracked to its own deadline. A repeat referral within 12 months is flagged.
 */
export async function maracReferralWorkflow(input: MaracReferralInput): Promise<MaracReferralState> {
  const state: MaracReferralState = {
    referralId: input.referralId,
    reason: input.reason,
    referredAt: input.referredAt,
    status: 'preparing',
    deadlines: [],
    alerts: [],
  };
  const actionsDone = () => state.outcome !== undefined && state.outcome.actions.every((action) => action.completedAt);
  const statusNow = (): string =>
    state.settled ? 'settled'
    : actionsDone() ? 'completed'
    : state.outcome ? 'actions_open'
    : state.meeting ? 'meeting_scheduled'
    : state.submission ? 'submitted'
    : 'preparing';
  const runtime = createChildRuntime({
    context: input,
    kind: 'marac',
    workflowId: workflowInfo().workflowId,
    state,
    status: () => (state.status = statusNow()),
    isOpen: () => !state.settled && !actionsDone(),
    isSatisfied: (deadline) =>
      deadline.task === 'maracSubmission'
        ? state.submission !== undefined
        : Boolean(state.outcome?.actions.find((action) => action.actionId === deadline.subjectId)?.completedAt),
    extraStatus: () => ({ repeatReferral: state.repeat?.repeat }),
  });
  const { deadlines, publish, inFlight } = runtime;
  const assertActive = () => {
    if (state.settled) reject('NotPossible', 'the referral was settled when the case closed');
  };
  const staffAction = staffActionValidator(assertActive);

  setHandler(messages.getMaracReferralQuery, () => ({ ...state, status: statusNow() }));
  setHandler(settleChildSignal, ({ reason }) => {
    state.settled ??= { at: new Date().toISOString(), reason };
  });

  setHandler(
    messages.submitMaracReferralUpdate,
    async (raw) => {
      const command = parseCommand(commands.submitReferralCommand, raw);
      const at = new Date().toISOString();
      const delivery = await activities.submitMaracReferral({
        referralId: state.referralId,
        caseId: input.caseId,
        organisationId: input.organisationId,
        area: command.area,
        repeatReferral: state.repeat?.repeat ?? false,
        submittedAt: at,
      });
      state.submission = { at, by: command.actor.staffId, area: command.area, survivorInformed: command.survivorInformed, reasonNotInformed: command.reasonNotInformed, delivery };
      await publish();
      return { ...state, status: statusNow() };
    },
    {
      validator: staffAction(commands.submitReferralCommand, () => {
        if (state.submission) reject('NotPossible', `the referral was already submitted at ${state.submission.at}`);
      }),
    },
  );

  setHandler(
    messages.maracMeetingScheduledUpdate,
    async (raw) => {
      const { meetingDate } = parseCommand(commands.meetingScheduledCommand, raw);
      if (state.meeting?.date === meetingDate) return { changed: false, state };
      state.meeting = { date: meetingDate, recordedAt: new Date().toISOString(), earlierDates: state.meeting ? [...state.meeting.earlierDates, state.meeting.date] : [] };
      await publish();
      return { changed: true, state: { ...state, status: statusNow() } };
    },
    {
      validator: (raw) => {
        assertActive();
        const { meetingDate } = parseCommand(commands.meetingScheduledCommand, raw);
        if (!state.submission) reject('NotPossible', 'the referral has not been submitted yet');
        if (state.outcome) reject('NotPossible', 'the meeting has already happened: its outcome is recorded');
        const dateProblem = partnerDateProblem(meetingDate, 'due', { requestedAt: state.submission!.at, now: new Date().toISOString() });
        if (dateProblem) reject('InvalidCommand', `meetingDate: ${dateProblem}`);
        const dates = state.meeting ? state.meeting.earlierDates.length + 1 : 0;
        const full = state.meeting?.date !== meetingDate && entryLimitRefusal(dates, CHILD_ENTRY_LIMITS.maracMeetingDates, 'meeting dates', 'referral');
        if (full) reject('NotPossible', full);
      },
    },
  );

  setHandler(
    messages.maracOutcomeUpdate,
    async (raw) => {
      const { actions } = parseCommand(commands.maracOutcomeCommand, raw);
      if (state.outcome) return { changed: false, state };
      const recordedAt = new Date().toISOString();
      state.outcome = { recordedAt, actions: actions.map((action) => ({ ...action })) };
      for (const action of actions) {
        deadlines.startFixed('maracAction', recordedAt, { kind: 'close_of_business', date: action.dueDate, setBy: 'the MARAC' }, { subjectId: action.actionId });
      }
      await publish();
      return { changed: true, state: { ...state, status: statusNow() } };
    },
    {
      validator: (raw) => {
        assertActive();
        const { actions } = parseCommand(commands.maracOutcomeCommand, raw);
        if (!state.meeting) reject('NotPossible', 'no meeting date has been recorded for this referral');
        const now = new Date().toISOString();
        actions.forEach((action, index) => {
          const dateProblem = partnerDateProblem(action.dueDate, 'due', { requestedAt: state.submission!.at, now });
          if (dateProblem) reject('InvalidCommand', `actions.${index}.dueDate: ${dateProblem}`);
        });
        if (state.outcome && !sameActions(state.outcome.actions, actions)) {
          reject('NotPossible', `a different outcome was already recorded at ${state.outcome.recordedAt}`);
        }
      },
    },
  );

  setHandler(
    messages.completeMaracActionUpdate,
    async (raw) => {
      const command = parseCommand(commands.completeActionCommand, raw);
      const action = state.outcome!.actions.find((candidate) => candidate.actionId === command.actionId)!;
      action.completedAt = new Date().toISOString();
      action.completedBy = command.actor.staffId;
      await publish();
      return { ...state, status: statusNow() };
    },
    {
      validator: staffAction(commands.completeActionCommand, ({ actionId }) => {
        const action = state.outcome?.actions.find((candidate) => candidate.actionId === actionId);
        if (!action) reject('NotPossible', `no MARAC action ${actionId} is assigned to us`);
        if (action!.completedAt) reject('NotPossible', `this action was completed at ${action!.completedAt}`);
      }),
    },
  );

  state.repeat ??= await activities.registerMaracReferral({
    referralId: state.referralId,
    caseId: input.caseId,
    organisationId: input.organisationId,
    survivorReference: input.survivorReference,
    referredAt: input.referredAt,
  });
  await activities.registerPartnerRequest({ requestId: state.referralId, partnerKind: 'marac_coordinator', caseId: input.caseId, workflowId: workflowInfo().workflowId });
  deadlines.start('maracSubmission', input.referredAt, input.profile.timescales.maracReferralSubmission);
  await publish();

  await condition(() => state.settled !== undefined || actionsDone());
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return { ...state, status: statusNow() };
}
