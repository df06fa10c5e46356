import { ParentClosePolicy, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import { childStatusSignal, type ChildContext, type ChildStatus } from '../../children/kit';
import type { ChildKindDeclaration, StartingCase } from '../../children/kind-declaration';
import { CHILD_KIND_DECLARATIONS, type ChildKind } from '../../children/kinds';
import { parseCommand } from '../../platform/workflow/validation';
import { childRequestRefusals } from '../rules/children';
import { isInImmediateDanger, isUrgentCase } from '../rules/urgency';
import { currentCaseOfficer } from '../rules/assignment';
import { childWorkflowId } from '../workflow-ids';
import type { CaseContext } from './context';

/** Starts the case's linked workflows, of any kind, each with an id derived from the case's. */
export function createChildStarter({ state, disclosure, profile, now, publish }: CaseContext) {
  const childContext = (): ChildContext => ({
    parentWorkflowId: workflowInfo().workflowId,
    caseId: state.caseId,
    organisationId: disclosure.organisationId,
    caseOfficerId: currentCaseOfficer(state),
    profile,
    ...(isUrgentCase(state) && { urgent: true }),
  });

  /**
   * ABANDON, because continue-as-new closes this run and must not touch the children; closing the
   * case settles them deliberately instead.
   */
  return async function startChildWorkflow(
    declared: Pick<ChildKindDeclaration<ChildKind>, 'kind' | 'workflowType'>,
    input: object,
  ): Promise<ChildStatus> {
    const { kind } = declared;
    const sequence = state.children.filter((child) => child.kind === kind).length + 1;
    const workflowId = childWorkflowId(workflowInfo().workflowId, kind, sequence);
    const status: ChildStatus = { workflowId, kind, status: 'starting', open: true, updatedAt: now() };
    state.children.push(status);
    await startChild(declared.workflowType, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      args: [{ ...childContext(), ...input }],
    });
    await publish();
    return status;
  };
}

export type StartChildWorkflow = ReturnType<typeof createChildStarter>;

/** Each child reports its state after every change; a report older than the one held is stale. */
export function registerChildReports({ state }: CaseContext): void {
  setHandler(childStatusSignal, (report) => {
    const index = state.children.findIndex((child) => child.workflowId === report.workflowId);
    if (index >= 0 && state.children[index]!.updatedAt <= report.updatedAt) state.children[index] = report;
  });
}

/** Staff ask for a child of each kind by the Update its kind declares (a MARAC referral on professional judgement, repairs, rehousing). */
export function registerChildRequests(context: CaseContext, startChildWorkflow: StartChildWorkflow): void {
  const { state, disclosure, now, addsEntry } = context;
  /** What the case records of its own when staff ask: a referral on judgement makes MARAC required. */
  const recordOnRequest: Partial<Record<ChildKind, () => void>> = {
    marac: () => {
      state.marac = { status: 'referral_required', requiredSince: state.marac.requiredSince ?? now() };
    },
  };

  function register(declared: ChildKindDeclaration<ChildKind>): void {
    const { request } = declared;
    setHandler(
      request.update,
      async (raw) => {
        const command = parseCommand(request.recordedCommand, raw);
        recordOnRequest[declared.kind]?.();
        const starting: StartingCase = {
          now: now(),
          survivorReference: disclosure.survivor.reference,
          immediateDanger: isInImmediateDanger(state),
        };
        return startChildWorkflow(declared, request.input(command, starting));
      },
      {
        validator: addsEntry(request.command, 'linkedWorkflows', () =>
          childRequestRefusals(state.children, declared.kind),
        ),
      },
    );
  }
  for (const declared of CHILD_KIND_DECLARATIONS) register(declared);
}
