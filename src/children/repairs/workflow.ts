import { allHandlersFinished, condition, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EscalationStep, PolicyProfile } from '../../policy';
import { platformDefaults } from '../../policy/defaults';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { parseCommand, reject, rejectFirst } from '../../platform/workflow/validation';
import { staffActionValidator } from '../../staff/staff-action-validator';
import { createChildRuntime } from '../kit';
import { outboundContactRecord } from '../../contact/safe-contact';
import { isOpenDeadline } from '../../deadlines/deadline';
import * as commands from './commands';
import * as messages from './messages';
import {
  contractorUpdateRefusals,
  isRepairsDeadlineMet,
  repairsDone,
  repairsStatus,
  survivorConfirmationRefusals,
  survivorToldOfDelayRefusals,
} from './rules';
import type { RepairsInput, RepairsState, RepairsTask } from './state';
import type { PartnerGatewayActivities } from '../partner-gateway';

const activities = proxyRetriedActivities<PartnerGatewayActivities>();

/** The repairs ladder and the contractor's power to move the deadline come from the profile. */
const REPAIRS_POLICY_PATCH = 'repairs-policy-from-profile';

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
    : platformDefaults.repairs.escalationLadder.map((step) =>
        step.rung === 'da_lead' && daLeadTitle ? { ...step, roleTitle: daLeadTitle } : step,
      );
  // Emergency repairs are for a home that is unsafe now (Kent 004 §5.4): urgent, on call first out of hours.
  const completion = { ladder, urgent: true };
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
  const { deadlines, publish, inFlight, view, update } = createChildRuntime({
    context: input,
    kind: 'repairs',
    state,
    stateQuery: messages.getRepairsQuery,
    statusOf: repairsStatus,
    isDone: repairsDone,
    isDeadlineMet: isRepairsDeadlineMet,
  });
  const openDeadlineOf = (task: RepairsTask) => state.deadlines.find((d) => d.task === task && isOpenDeadline(d));
  const assertActive = () => {
    if (state.settled) reject('NotPossible', 'the works order was settled when the case closed');
  };
  const staffAction = staffActionValidator(assertActive);

  setHandler(
    messages.contractorUpdate,
    async (raw) => {
      const command = parseCommand(commands.contractorUpdateCommand, raw);
      const now = new Date().toISOString();
      if (command.outcome === 'completed') {
        if (state.contractorCompletion?.evidenceReference === command.evidenceReference)
          return { changed: false, state: view() };
        state.contractorCompletion = {
          completedAt: command.completedAt,
          evidenceReference: command.evidenceReference,
          recordedAt: now,
        };
      } else {
        if (state.delays.some((delay) => delay.newCompletionBy === command.newCompletionBy))
          return { changed: false, state: view() };
        const mayMove = followsPolicy ? repairsPolicy!.contractorMayMoveDeadline : true;
        // Where the policy lets the contractor move the deadline, the new date replaces the one still
        // pending (the 24 hours, or the contractor's last date); one already missed stays missed.
        // Otherwise the deadline stands.
        const replaced = !mayMove
          ? undefined
          : followsPolicy
            ? state.deadlines.find((deadline) => deadline.task === 'repairCompletion' && deadline.status === 'pending')
            : openDeadlineOf('repairCompletion');
        for (const superseded of [replaced, openDeadlineOf('informSurvivorOfRepairDelay')]) {
          if (superseded) deadlines.cancel(superseded);
        }
        state.delays.push({ reportedAt: now, newCompletionBy: command.newCompletionBy, reason: command.reason });
        if (mayMove)
          deadlines.startFixed(
            'repairCompletion',
            now,
            { kind: 'instant', at: command.newCompletionBy, setBy: 'the contractor' },
            completion,
          );
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
        rejectFirst(contractorUpdateRefusals(state, command, new Date().toISOString()));
      },
    },
  );

  setHandler(
    messages.survivorToldOfDelayUpdate,
    update.answeringView(commands.recordedSurvivorToldOfDelayCommand, (command) => {
      state.delays.at(-1)!.survivorTold = outboundContactRecord(command, new Date().toISOString());
    }),
    {
      validator: staffAction(commands.survivorToldOfDelayCommand, (command) =>
        rejectFirst(survivorToldOfDelayRefusals(state, command)),
      ),
    },
  );

  setHandler(
    messages.survivorConfirmationUpdate,
    update.answeringView(commands.survivorConfirmationCommand, (command) => {
      const at = new Date().toISOString();
      state.survivorConfirmation = { at, by: command.actor.staffId, satisfied: command.satisfied, note: command.note };
      if (!command.satisfied) {
        // Not done as far as the survivor is concerned: back to the contractor, a fresh 24 hours.
        state.contractorCompletion = undefined;
        deadlines.start('repairCompletion', at, profile.timescales.emergencyRepairs, completion);
      }
    }),
    {
      validator: staffAction(commands.survivorConfirmationCommand, ({ satisfied }) =>
        rejectFirst(survivorConfirmationRefusals(state, satisfied)),
      ),
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
      completeBy: new Date(
        Date.parse(input.requestedAt) + profile.timescales.emergencyRepairs.amount * 3_600_000,
      ).toISOString(),
    }),
  };
  await activities.registerPartnerRequest({
    requestId: input.orderId,
    partnerKind: 'contractor',
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
  });
  deadlines.start('repairCompletion', input.requestedAt, profile.timescales.emergencyRepairs, completion);
  await publish();

  await condition(() => state.settled !== undefined || repairsDone(state));
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
