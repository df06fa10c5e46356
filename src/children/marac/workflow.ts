import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { parseCommand, reject, rejectFirst } from '../../platform/workflow/validation';
import { staffActionValidator } from '../../staff/staff-action-validator';
import { createChildRuntime } from '../kit';
import { maracAreasOf } from '../../policy/marac';
import * as commands from './commands';
import * as messages from './messages';
import {
  actionCompletionRefusals,
  isMaracDeadlineMet,
  maracActionsDone,
  maracStatus,
  meetingDateRefusals,
  outcomeRefusals,
  submissionRefusals,
} from './rules';
import type { MaracReferralInput, MaracReferralState } from './state';
import type { PartnerGatewayActivities } from '../partner-gateway';
import type { MaracRegistryActivities } from './activities';

const activities = proxyRetriedActivities<PartnerGatewayActivities & MaracRegistryActivities>();

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
  const { deadlines, publish, inFlight, view, update } = createChildRuntime({
    context: input,
    kind: 'marac',
    state,
    stateQuery: messages.getMaracReferralQuery,
    statusOf: maracStatus,
    isDone: maracActionsDone,
    isDeadlineMet: isMaracDeadlineMet,
    extraStatus: () => ({ repeatReferral: state.repeat?.repeat }),
  });
  const assertActive = () => {
    if (state.settled) reject('NotPossible', 'the referral was settled when the case closed');
  };
  const staffAction = staffActionValidator(assertActive);

  // Spelled out: the referral goes to the coordinator before the change is published.
  setHandler(
    messages.submitMaracReferralUpdate,
    async (raw) => {
      const command = parseCommand(commands.submitReferralCommand, raw);
      const at = new Date().toISOString();
      const maracArea = maracAreasOf(input.profile)[command.area];
      const delivery = await activities.submitMaracReferral({
        referralId: state.referralId,
        caseId: input.caseId,
        organisationId: input.organisationId,
        area: maracArea?.name ?? command.area,
        ...(maracArea && { representative: maracArea.representative }),
        reason: state.reason,
        repeatReferral: state.repeat?.repeat ?? false,
        submittedAt: at,
        ...(command.research && { research: command.research }),
      });
      state.submission = {
        at,
        by: command.actor.staffId,
        area: command.area,
        survivorInformed: command.survivorInformed,
        reasonNotInformed: command.reasonNotInformed,
        delivery,
        ...(maracArea && { maracArea }),
        ...(command.research && { research: command.research, sharedUnder: 'high_risk_marac' as const }),
      };
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.submitReferralCommand, (command) =>
        rejectFirst(submissionRefusals(state, command, input.profile)),
      ),
    },
  );

  // Partner callbacks answer a duplicate without publishing, so they spell their steps out.
  setHandler(
    messages.maracMeetingScheduledUpdate,
    async (raw) => {
      const { meetingDate } = parseCommand(commands.meetingScheduledCommand, raw);
      if (state.meeting?.date === meetingDate) return { changed: false, state };
      state.meeting = {
        date: meetingDate,
        recordedAt: new Date().toISOString(),
        earlierDates: state.meeting ? [...state.meeting.earlierDates, state.meeting.date] : [],
      };
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => {
        assertActive();
        const { meetingDate } = parseCommand(commands.meetingScheduledCommand, raw);
        rejectFirst(meetingDateRefusals(state, meetingDate, new Date().toISOString()));
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
        deadlines.startFixed(
          'maracAction',
          recordedAt,
          { kind: 'close_of_business', date: action.dueDate, setBy: 'the MARAC' },
          { subjectId: action.actionId },
        );
      }
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => {
        assertActive();
        const { actions } = parseCommand(commands.maracOutcomeCommand, raw);
        rejectFirst(outcomeRefusals(state, actions, new Date().toISOString()));
      },
    },
  );

  setHandler(
    messages.completeMaracActionUpdate,
    update.answeringView(commands.completeActionCommand, (command) => {
      const action = state.outcome!.actions.find((candidate) => candidate.actionId === command.actionId)!;
      action.completedAt = new Date().toISOString();
      action.completedBy = command.actor.staffId;
    }),
    {
      validator: staffAction(commands.completeActionCommand, ({ actionId }) =>
        rejectFirst(actionCompletionRefusals(state, actionId)),
      ),
    },
  );

  state.repeat ??= await activities.registerMaracReferral({
    referralId: state.referralId,
    caseId: input.caseId,
    organisationId: input.organisationId,
    survivorReference: input.survivorReference,
    referredAt: input.referredAt,
  });
  await activities.registerPartnerRequest({
    requestId: state.referralId,
    partnerKind: 'marac_coordinator',
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
  });
  deadlines.start('maracSubmission', input.referredAt, input.profile.timescales.maracReferralSubmission);
  await publish();

  await condition(() => state.settled !== undefined || maracActionsDone(state));
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
