import { ParentClosePolicy, setHandler, startChild, uuid4, workflowInfo } from '@temporalio/workflow';
import { childStatusSignal, type ChildContext, type ChildStatus } from '../../children/kit';
import { maracReferralWorkflow } from '../../children/marac/workflow';
import { rehousingWorkflow } from '../../children/rehousing/workflow';
import { repairsWorkflow } from '../../children/repairs/workflow';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { childRequestRefusals } from '../rules/children';
import type { ChildKind } from '../../children/kinds';
import { childWorkflowId } from '../workflow-ids';
import type { CaseContext } from './context';

/** Starts the case's linked workflows (MARAC, repairs, rehousing), each with an id derived from the case's. */
export function createChildStarters({ state, disclosure, profile, now, publish }: CaseContext) {
  const childContext = (): ChildContext => ({
    parentWorkflowId: workflowInfo().workflowId,
    caseId: state.caseId,
    organisationId: disclosure.organisationId,
    caseOfficerId: disclosure.caseOfficerId,
    profile,
  });

  /**
   * ABANDON, because continue-as-new closes this run and must not touch the children; closing the
   * case settles them deliberately instead.
   */
  async function startChildWorkflow(
    kind: ChildKind,
    start: (workflowId: string) => Promise<unknown>,
  ): Promise<ChildStatus> {
    const sequence = state.children.filter((child) => child.kind === kind).length + 1;
    const workflowId = childWorkflowId(workflowInfo().workflowId, kind, sequence);
    const status: ChildStatus = { workflowId, kind, status: 'starting', open: true, updatedAt: now() };
    state.children.push(status);
    await start(workflowId);
    await publish();
    return status;
  }
  const childOptions = (workflowId: string) => ({ workflowId, parentClosePolicy: ParentClosePolicy.ABANDON });

  return {
    startMaracReferral: (reason: 'high_risk_assessment' | 'professional_judgement', referredAt: string) =>
      startChildWorkflow('marac', (workflowId) =>
        startChild(maracReferralWorkflow, {
          ...childOptions(workflowId),
          args: [
            {
              ...childContext(),
              referralId: uuid4(),
              reason,
              referredAt,
              survivorReference: disclosure.survivor.reference,
            },
          ],
        }),
      ),
    startRepairs: (command: commands.EmergencyRepairsCommand) =>
      startChildWorkflow('repairs', (workflowId) =>
        startChild(repairsWorkflow, {
          ...childOptions(workflowId),
          args: [
            {
              ...childContext(),
              orderId: uuid4(),
              requestedAt: now(),
              propertyReference: disclosure.survivor.reference,
              works: command.works,
              securityScheme: command.securityScheme,
            },
          ],
        }),
      ),
    startRehousing: () =>
      startChildWorkflow('rehousing', (workflowId) =>
        startChild(rehousingWorkflow, {
          ...childOptions(workflowId),
          args: [
            { ...childContext(), requestId: uuid4(), requestedAt: now(), immediateDanger: disclosure.immediateDanger },
          ],
        }),
      ),
  };
}

export type ChildStarters = ReturnType<typeof createChildStarters>;

/** Each child reports its state after every change; a report older than the one held is stale. */
export function registerChildReports({ state }: CaseContext): void {
  setHandler(childStatusSignal, (report) => {
    const index = state.children.findIndex((child) => child.workflowId === report.workflowId);
    if (index >= 0 && state.children[index]!.updatedAt <= report.updatedAt) state.children[index] = report;
  });
}

/** Staff start a MARAC referral on professional judgement, emergency repairs, or rehousing. */
export function registerChildRequests(
  { state, now, staffAction, assertRoomForEntry }: CaseContext,
  starters: ChildStarters,
): void {
  setHandler(
    messages.requestMaracReferralUpdate,
    async (raw) => {
      parseCommand(commands.recordedMaracReferralRequestCommand, raw);
      state.marac = { status: 'referral_required', requiredSince: state.marac.requiredSince ?? now() };
      return starters.startMaracReferral('professional_judgement', now());
    },
    {
      validator: staffAction(commands.maracReferralRequestCommand, () => {
        assertRoomForEntry('linkedWorkflows');
        rejectFirst(childRequestRefusals(state.children, 'marac'));
      }),
    },
  );

  setHandler(
    messages.requestEmergencyRepairsUpdate,
    async (raw) => starters.startRepairs(parseCommand(commands.recordedEmergencyRepairsCommand, raw)),
    { validator: staffAction(commands.emergencyRepairsCommand, () => assertRoomForEntry('linkedWorkflows')) },
  );

  setHandler(
    messages.requestRehousingUpdate,
    async (raw) => {
      parseCommand(commands.rehousingRequestCommand, raw);
      return starters.startRehousing();
    },
    {
      validator: staffAction(commands.rehousingRequestCommand, () => {
        assertRoomForEntry('linkedWorkflows');
        rejectFirst(childRequestRefusals(state.children, 'rehousing'));
      }),
    },
  );
}
