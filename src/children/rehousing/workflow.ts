import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WorkerActivities } from '../../activities';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import { createChildRuntime, settleChildSignal, type ChildContext, type ChildStateBase } from '../kit';
import { isOpenDeadline, type Deadline } from '../../deadlines/deadline';
import type { DeadlineTaskOf } from '../../deadlines/tasks';
import { parseCommand, reject, staffActionValidator } from '../../platform/workflow/validation';
import * as commands from './commands';
import * as messages from './messages';

const activities = proxyActivities<WorkerActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

export interface RehousingInput extends ChildContext {
  requestId: string;
  requestedAt: string;
  immediateDanger: boolean;
}

type RehousingTask = DeadlineTaskOf<'rehousing'>;
type RehousingOption = (typeof commands.REHOUSING_OPTIONS)[number];

export interface RehousingState extends ChildStateBase {
  requestId: string;
  requestedAt: string;
  immediateDanger: boolean;
  status: string;
  temporaryAccommodation?: { placedAt: string; by: string; placementReference: string };
  appraisal?: { at: string; by: string; optionsConsidered: RehousingOption[]; chosen: RehousingOption };
  offers: { offerReference: string; kind: RehousingOption; recordedAt: string; decision?: 'accepted' | 'refused'; reason?: string; decidedAt?: string }[];
  localAuthorityDecisions: { decisionReference: string; decision: string; recordedAt: string }[];
  moveDate?: string;
  moved?: { at: string; by: string };
  deadlines: Deadline<RehousingTask>[];
}

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
  const done = () => state.moved !== undefined || state.appraisal?.chosen === 'stay_with_added_security';
  const statusNow = (): string =>
    state.settled ? 'settled'
    : done() ? 'completed'
    : state.moveDate ? 'move_scheduled'
    : state.offers.some((offer) => !offer.decision) ? 'offer_made'
    : state.appraisal ? 'seeking_offers'
    : 'appraising';
  const { deadlines, publish, inFlight } = createChildRuntime({
    context: input,
    kind: 'rehousing',
    workflowId: workflowInfo().workflowId,
    state,
    status: () => (state.status = statusNow()),
    isOpen: () => !state.settled && !done(),
    isSatisfied: (deadline) => (deadline.task === 'temporaryAccommodation' ? state.temporaryAccommodation !== undefined : state.moved !== undefined),
  });
  const view = (): RehousingState => ({ ...state, status: statusNow() });
  const now = () => new Date().toISOString();

  const staffAction = staffActionValidator(() => {
    if (state.settled) reject('NotPossible', 'the rehousing was settled when the case closed');
    if (done()) reject('NotPossible', 'the rehousing is complete');
  });
  const findOffer = (reference: string) => state.offers.find((offer) => offer.offerReference === reference);

  setHandler(messages.getRehousingQuery, view);
  setHandler(settleChildSignal, ({ reason }) => {
    state.settled ??= { at: now(), reason };
  });

  setHandler(
    messages.recordTemporaryAccommodationUpdate,
    async (raw) => {
      const command = parseCommand(commands.temporaryAccommodationCommand, raw);
      state.temporaryAccommodation = { placedAt: now(), by: command.actor.staffId, placementReference: command.placementReference };
      await publish();
      return view();
    },
    { validator: staffAction(commands.temporaryAccommodationCommand) },
  );

  setHandler(
    messages.recordOptionsAppraisalUpdate,
    async (raw) => {
      const command = parseCommand(commands.optionsAppraisalCommand, raw);
      state.appraisal = { at: now(), by: command.actor.staffId, optionsConsidered: command.optionsConsidered, chosen: command.chosen };
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.optionsAppraisalCommand, ({ optionsConsidered }) => {
        if (new Set(optionsConsidered).size !== optionsConsidered.length) reject('InvalidCommand', 'optionsConsidered: name each option once');
      }),
    },
  );

  setHandler(
    messages.recordOfferUpdate,
    async (raw) => {
      const command = parseCommand(commands.offerCommand, raw);
      state.offers.push({ offerReference: command.offerReference, kind: command.kind, recordedAt: now() });
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.offerCommand, ({ offerReference }) => {
        if (!state.appraisal) reject('NotPossible', 'record the options appraisal with the survivor before an offer');
        if (findOffer(offerReference)) reject('NotPossible', `offer ${offerReference} is already recorded`);
        const full = entryLimitRefusal(state.offers.length, CHILD_ENTRY_LIMITS.rehousingOffers, 'offers', 'rehousing');
        if (full) reject('NotPossible', full);
      }),
    },
  );

  setHandler(
    messages.recordOfferDecisionUpdate,
    async (raw) => {
      const command = parseCommand(commands.offerDecisionCommand, raw);
      Object.assign(findOffer(command.offerReference)!, { decision: command.decision, reason: command.reason, decidedAt: now() });
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.offerDecisionCommand, ({ offerReference }) => {
        const offer = findOffer(offerReference);
        if (!offer) reject('NotPossible', `no offer ${offerReference} is recorded`);
        if (offer!.decision) reject('NotPossible', `offer ${offerReference} was already ${offer!.decision}`);
      }),
    },
  );

  setHandler(
    messages.recordMoveDateUpdate,
    async (raw) => {
      const command = parseCommand(commands.moveDateCommand, raw);
      const superseded = state.deadlines.find((d) => d.task === 'move' && isOpenDeadline(d));
      if (superseded) deadlines.cancel(superseded);
      state.moveDate = command.moveDate;
      deadlines.startFixed('move', now(), { kind: 'close_of_business', date: command.moveDate, setBy: 'the case officer' });
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.moveDateCommand, () => {
        if (!state.offers.some((offer) => offer.decision === 'accepted')) reject('NotPossible', 'no offer has been accepted yet');
        const moveDeadlines = state.deadlines.filter((deadline) => deadline.task === 'move').length;
        const full = entryLimitRefusal(moveDeadlines, CHILD_ENTRY_LIMITS.moveDeadlines, 'move dates', 'rehousing');
        if (full) reject('NotPossible', full);
      }),
    },
  );

  setHandler(
    messages.recordMoveCompletedUpdate,
    async (raw) => {
      const command = parseCommand(commands.moveCompletedCommand, raw);
      state.moved = { at: now(), by: command.actor.staffId };
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.moveCompletedCommand, () => {
        if (!state.moveDate) reject('NotPossible', 'no move date has been recorded');
      }),
    },
  );

  setHandler(
    messages.localAuthorityDecisionUpdate,
    async (raw) => {
      const command = parseCommand(commands.localAuthorityDecisionCommand, raw);
      if (state.localAuthorityDecisions.some((d) => d.decisionReference === command.decisionReference)) return { changed: false, state: view() };
      state.localAuthorityDecisions.push({ ...command, recordedAt: now() });
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => {
        const command = parseCommand(commands.localAuthorityDecisionCommand, raw);
        const earlier = state.localAuthorityDecisions.find((d) => d.decisionReference === command.decisionReference);
        if (earlier && earlier.decision !== command.decision) {
          reject('NotPossible', `decision ${command.decisionReference} was already recorded as ${earlier.decision}`);
        }
        if (!earlier && (state.settled || done())) reject('NotPossible', 'the rehousing has ended');
        const full = !earlier && entryLimitRefusal(state.localAuthorityDecisions.length, CHILD_ENTRY_LIMITS.localAuthorityDecisions, 'local authority decisions', 'rehousing');
        if (full) reject('NotPossible', full);
      },
    },
  );

  await activities.registerPartnerRequest({ requestId: input.requestId, partnerKind: 'local_authority', caseId: input.caseId, workflowId: workflowInfo().workflowId });
  if (input.immediateDanger) deadlines.startFixed('temporaryAccommodation', input.requestedAt, { kind: 'end_of_day' });
  await publish();

  await condition(() => state.settled !== undefined || done());
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
