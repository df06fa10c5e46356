import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { parseCommand, reject, rejectFirst } from '../../platform/workflow/validation';
import { staffActionValidator } from '../../staff/staff-action-validator';
import { createChildRuntime } from '../kit';
import { isOpenDeadline } from '../../deadlines/deadline';
import * as commands from './commands';
import * as messages from './messages';
import {
  findOffer,
  isRehousingDeadlineMet,
  localAuthorityDecisionRefusals,
  moveCompletedRefusals,
  moveDateRefusals,
  offerDecisionRefusals,
  offerRefusals,
  rehousingActionRefusals,
  rehousingDone,
  rehousingStatus,
} from './rules';
import type { RehousingInput, RehousingState } from './state';
import type { PartnerGatewayActivities } from '../partner-gateway';

const activities = proxyRetriedActivities<PartnerGatewayActivities>();

/**
 * Rehousing (DESIGN 3.7): an options appraisal with the survivor, urgent temporary accommodation the
 * same day when there is immediate danger, offers and refusals, the local authority's decisions, a
 * move date and the move. Staying at home with added security ends it at the appraisal.
 */
export async function rehousingWorkflow(input: RehousingInput): Promise<RehousingState> {
  const state: RehousingState = {
    requestId: input.requestId,
    requestedAt: input.requestedAt,
    immediateDanger: input.immediateDanger,
    status: 'appraising',
    offers: [],
    localAuthorityDecisions: [],
    deadlines: [],
    alerts: [],
  };
  const { deadlines, publish, inFlight, view, update } = createChildRuntime({
    context: input,
    kind: 'rehousing',
    state,
    stateQuery: messages.getRehousingQuery,
    statusOf: rehousingStatus,
    isDone: rehousingDone,
    isDeadlineMet: isRehousingDeadlineMet,
  });
  const now = () => new Date().toISOString();

  const staffAction = staffActionValidator(() => rejectFirst(rehousingActionRefusals(state)));

  setHandler(
    messages.recordTemporaryAccommodationUpdate,
    update.answeringView(commands.temporaryAccommodationCommand, (command) => {
      state.temporaryAccommodation = {
        placedAt: now(),
        by: command.actor.staffId,
        placementReference: command.placementReference,
      };
    }),
    { validator: staffAction(commands.temporaryAccommodationCommand) },
  );

  setHandler(
    messages.recordOptionsAppraisalUpdate,
    update.answeringView(commands.optionsAppraisalCommand, (command) => {
      state.appraisal = {
        at: now(),
        by: command.actor.staffId,
        optionsConsidered: command.optionsConsidered,
        chosen: command.chosen,
      };
    }),
    {
      validator: staffAction(commands.optionsAppraisalCommand, ({ optionsConsidered }) => {
        if (new Set(optionsConsidered).size !== optionsConsidered.length)
          reject('InvalidCommand', 'optionsConsidered: name each option once');
      }),
    },
  );

  setHandler(
    messages.recordOfferUpdate,
    update.answeringView(commands.offerCommand, (command) => {
      state.offers.push({ offerReference: command.offerReference, kind: command.kind, recordedAt: now() });
    }),
    {
      validator: staffAction(commands.offerCommand, ({ offerReference }) =>
        rejectFirst(offerRefusals(state, offerReference)),
      ),
    },
  );

  setHandler(
    messages.recordOfferDecisionUpdate,
    update.answeringView(commands.offerDecisionCommand, (command) => {
      Object.assign(findOffer(state, command.offerReference)!, {
        decision: command.decision,
        reason: command.reason,
        decidedAt: now(),
      });
    }),
    {
      validator: staffAction(commands.offerDecisionCommand, ({ offerReference }) =>
        rejectFirst(offerDecisionRefusals(state, offerReference)),
      ),
    },
  );

  setHandler(
    messages.recordMoveDateUpdate,
    update.answeringView(commands.moveDateCommand, (command) => {
      const superseded = state.deadlines.find((d) => d.task === 'move' && isOpenDeadline(d));
      if (superseded) deadlines.cancel(superseded);
      state.moveDate = command.moveDate;
      deadlines.startFixed('move', now(), {
        kind: 'close_of_business',
        date: command.moveDate,
        setBy: 'the case officer',
      });
    }),
    { validator: staffAction(commands.moveDateCommand, () => rejectFirst(moveDateRefusals(state))) },
  );

  setHandler(
    messages.recordMoveCompletedUpdate,
    update.answeringView(commands.moveCompletedCommand, (command) => {
      state.moved = { at: now(), by: command.actor.staffId };
    }),
    { validator: staffAction(commands.moveCompletedCommand, () => rejectFirst(moveCompletedRefusals(state))) },
  );

  // A partner callback answers a duplicate without publishing, so it spells its steps out.
  setHandler(
    messages.localAuthorityDecisionUpdate,
    async (raw) => {
      const command = parseCommand(commands.localAuthorityDecisionCommand, raw);
      if (state.localAuthorityDecisions.some((d) => d.decisionReference === command.decisionReference))
        return { changed: false, state: view() };
      state.localAuthorityDecisions.push({ ...command, recordedAt: now() });
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) =>
        rejectFirst(localAuthorityDecisionRefusals(state, parseCommand(commands.localAuthorityDecisionCommand, raw))),
    },
  );

  await activities.registerPartnerRequest({
    requestId: input.requestId,
    partnerKind: 'local_authority',
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
  });
  if (input.immediateDanger)
    deadlines.startFixed('temporaryAccommodation', input.requestedAt, { kind: 'end_of_day' }, { urgent: true });
  await publish();

  await condition(() => state.settled !== undefined || rehousingDone(state));
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
