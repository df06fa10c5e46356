import { allHandlersFinished, condition, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { WorkerActivities } from '../../activities';
import type { PartnerDelivery } from '../partner-gateway';
import { partnerDateProblem } from '../../platform/dates';
import type { EscalationStep, PolicyProfile } from '../../policy';
import { platformDefaults } from '../../policy/defaults';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import { createChildRuntime, settleChildSignal, type ChildContext, type ChildStateBase } from '../kit';
import { isOpenDeadline, type Deadline } from '../../deadlines/deadline';
import type { DeadlineTaskOf } from '../../deadlines/tasks';
import { parseCommand, reject, staffActionValidator } from '../../platform/workflow/validation';
import * as commands from './commands';
import * as messages from './messages';

/** The repairs ladder and the contractor's power to move the deadline come from the profile. */
const REPAIRS_POLICY_PATCH = 'repairs-policy-from-profile';

const activities = proxyActivities<WorkerActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumInterval: '1 minute' } });

export interface RepairsInput extends ChildContext {
  orderId: string;
  requestedAt: string;
  /** the property the contractor attends, by the provider's reference */
  propertyReference: string;
  works: string[];
  securityScheme?: string;
}

type RepairsTask = DeadlineTaskOf<'repairs'>;

export interface RepairsState extends ChildStateBase {
  orderId: string;
  requestedAt: string;
  works: string[];
  securityScheme?: string;
  status: string;
  /** recorded because every policy forbids charging the survivor for these works */
  chargeToSurvivorPence: 0;
  order?: { sentAt: string; delivery: PartnerDelivery };
  delays: { reportedAt: string; newCompletionBy: string; reason: string; survivorTold?: { at: string; by: string; channel: string } }[];
  contractorCompletion?: { completedAt: string; evidenceReference: string; recordedAt: string };
  survivorConfirmation?: { at: string; by: string; satisfied: boolean; note?: string };
  deadlines: Deadline<RepairsTask>[];
}

/**
 * Emergency repairs and security (DESIGN 3.7): a works order to the contractor, completion due 24
 * calendar hours after the request, never charged to the survivor; when the contractor says that
 * is not practicable, telling the survivor becomes a deadline of its own, and the new date replaces
 * the 24 hours only where the profile's policy allows it (a deadline already missed stays missed).
 * Breaches go up the profile's repairs ladder: the repairs manager, then the DA lead. Done when the contractor has
 * completed with evidence and the survivor confirms.
 */
export async function repairsWorkflow(input: RepairsInput): Promise<RepairsState> {
  const { profile } = input;
  // Cases started before profiles carried a repairs policy have none in their snapshot.
  const repairsPolicy: PolicyProfile['repairs'] | undefined = (profile as Partial<PolicyProfile>).repairs;
  const followsPolicy = repairsPolicy !== undefined && patched(REPAIRS_POLICY_PATCH);
  // Before: the platform's repairs ladder, its DA lead called what the case's own ladder calls them.
  const daLeadTitle = profile.escalationLadder.find((step) => step.rung === 'da_lead')?.roleTitle;
  const ladder: EscalationStep[] = followsPolicy
    ? repairsPolicy.escalationLadder
    : platformDefaults.repairs.escalationLadder.map((step) => (step.rung === 'da_lead' && daLeadTitle ? { ...step, roleTitle: daLeadTitle } : step));
  const state: RepairsState = {
    orderId: input.orderId,
    requestedAt: input.requestedAt,
    works: input.works,
    securityScheme: input.securityScheme,
    status: 'ordered',
    chargeToSurvivorPence: 0,
    delays: [],
    deadlines: [],
    alerts: [],
  };
  const done = () => state.contractorCompletion !== undefined && state.survivorConfirmation?.satisfied === true;
  const statusNow = (): string =>
    state.settled ? 'settled'
    : done() ? 'completed'
    : state.contractorCompletion ? 'awaiting_survivor_confirmation'
    : state.delays.length > 0 ? 'delayed'
    : 'ordered';
  const { deadlines, publish, inFlight } = createChildRuntime({
    context: input,
    kind: 'repairs',
    workflowId: workflowInfo().workflowId,
    state,
    status: () => (state.status = statusNow()),
    isOpen: () => !state.settled && !done(),
    isSatisfied: (deadline) =>
      deadline.task === 'repairCompletion'
        ? state.contractorCompletion !== undefined
        : state.delays.some((delay) => delay.reportedAt === deadline.startedAt && delay.survivorTold),
  });
  const view = (): RepairsState => ({ ...state, status: statusNow() });
  const openDeadlineOf = (task: RepairsTask) => state.deadlines.find((d) => d.task === task && isOpenDeadline(d));
  const assertActive = () => {
    if (state.settled) reject('NotPossible', 'the works order was settled when the case closed');
  };
  const staffAction = staffActionValidator(assertActive);

  setHandler(messages.getRepairsQuery, view);
  setHandler(settleChildSignal, ({ reason }) => {
    state.settled ??= { at: new Date().toISOString(), reason };
  });

  setHandler(
    messages.contractorUpdate,
    async (raw) => {
      const command = parseCommand(commands.contractorUpdateCommand, raw);
      const now = new Date().toISOString();
      if (command.outcome === 'completed') {
        if (state.contractorCompletion?.evidenceReference === command.evidenceReference) return { changed: false, state: view() };
        state.contractorCompletion = { completedAt: command.completedAt, evidenceReference: command.evidenceReference, recordedAt: now };
      } else {
        if (state.delays.some((delay) => delay.newCompletionBy === command.newCompletionBy)) return { changed: false, state: view() };
        const mayMove = followsPolicy ? repairsPolicy!.contractorMayMoveDeadline : true;
        // Where the policy lets the contractor move the deadline, the new date replaces the one still
        // pending (the 24 hours, or the contractor's last date); one already missed stays missed.
        // Otherwise the deadline stands.
        const replaced = !mayMove ? undefined
          : followsPolicy ? state.deadlines.find((deadline) => deadline.task === 'repairCompletion' && deadline.status === 'pending')
          : openDeadlineOf('repairCompletion');
        for (const superseded of [replaced, openDeadlineOf('informSurvivorOfRepairDelay')]) {
          if (superseded) deadlines.cancel(superseded);
        }
        state.delays.push({ reportedAt: now, newCompletionBy: command.newCompletionBy, reason: command.reason });
        if (mayMove) deadlines.startFixed('repairCompletion', now, { kind: 'instant', at: command.newCompletionBy, setBy: 'the contractor' }, { ladder });
        // Either way the survivor is to be told of the contractor's new date.
        deadlines.start('informSurvivorOfRepairDelay', now, profile.timescales.informSurvivorOfRepairDelay);
      }
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => {
        assertActive();
        const command = parseCommand(commands.contractorUpdateCommand, raw);
        const [field, date, kind] = command.outcome === 'completed' ? ['completedAt', command.completedAt, 'done'] as const : ['newCompletionBy', command.newCompletionBy, 'due'] as const;
        const dateProblem = partnerDateProblem(date, kind, { requestedAt: state.requestedAt, now: new Date().toISOString() });
        if (dateProblem) reject('InvalidCommand', `${field}: ${dateProblem}`);
        const completion = state.contractorCompletion;
        if (completion && (command.outcome === 'not_practicable' || completion.evidenceReference !== command.evidenceReference)) {
          reject('NotPossible', `the contractor already reported the works complete at ${completion.completedAt}`);
        }
        const isNewDelay = command.outcome === 'not_practicable' && !state.delays.some((delay) => delay.newCompletionBy === command.newCompletionBy);
        const full = isNewDelay && entryLimitRefusal(state.delays.length, CHILD_ENTRY_LIMITS.repairDelays, 'contractor delays', 'works order');
        if (full) reject('NotPossible', full);
      },
    },
  );

  setHandler(
    messages.survivorToldOfDelayUpdate,
    async (raw) => {
      const command = parseCommand(commands.survivorToldOfDelayCommand, raw);
      state.delays.at(-1)!.survivorTold = { at: new Date().toISOString(), by: command.actor.staffId, channel: command.channel };
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.survivorToldOfDelayCommand, () => {
        const latest = state.delays.at(-1);
        if (!latest) reject('NotPossible', 'the contractor has reported no delay');
        if (latest!.survivorTold) reject('NotPossible', `the survivor was told of this delay at ${latest!.survivorTold.at}`);
      }),
    },
  );

  setHandler(
    messages.survivorConfirmationUpdate,
    async (raw) => {
      const command = parseCommand(commands.survivorConfirmationCommand, raw);
      const at = new Date().toISOString();
      state.survivorConfirmation = { at, by: command.actor.staffId, satisfied: command.satisfied, note: command.note };
      if (!command.satisfied) {
        // Not done as far as the survivor is concerned: back to the contractor, a fresh 24 hours.
        state.contractorCompletion = undefined;
        deadlines.start('repairCompletion', at, profile.timescales.emergencyRepairs, { ladder });
      }
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.survivorConfirmationCommand, (command) => {
        if (!state.contractorCompletion) reject('NotPossible', 'the contractor has not reported the works complete');
        // the fresh 24 hours her dissatisfaction starts, not the contractor's own dates
        const fresh24Hours = state.deadlines.filter((deadline) => deadline.task === 'repairCompletion' && !deadline.fixedDue).length;
        const full = !command.satisfied && entryLimitRefusal(fresh24Hours, CHILD_ENTRY_LIMITS.repairCompletionDeadlines, 'completion deadlines', 'works order');
        if (full) reject('NotPossible', full);
      }),
    },
  );

  state.order ??= {
    sentAt: new Date().toISOString(),
    delivery: await activities.sendWorksOrder({
      orderId: input.orderId,
      caseId: input.caseId,
      propertyReference: input.propertyReference,
      works: input.works,
      securityScheme: input.securityScheme,
      priority: 'emergency',
      chargeToSurvivorPence: 0,
      // emergency repairs are stated in calendar hours, so no calendar is needed to tell the contractor
      completeBy: new Date(Date.parse(input.requestedAt) + profile.timescales.emergencyRepairs.amount * 3_600_000).toISOString(),
    }),
  };
  await activities.registerPartnerRequest({ requestId: input.orderId, partnerKind: 'contractor', caseId: input.caseId, workflowId: workflowInfo().workflowId });
  deadlines.start('repairCompletion', input.requestedAt, profile.timescales.emergencyRepairs, { ladder });
  await publish();

  await condition(() => state.settled !== undefined || done());
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
