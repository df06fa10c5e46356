import { CHILD_KINDS, type ChildKind } from '../children/kinds';
import { caseIdOfWorkflowId } from './state';

/*
 * Workflow ids derive from the case's: the case's own, `case-<caseId>`, and each child's,
 * `case-<caseId>/<kind>-<n>`. Pure, so the API and the codec read them without workflow code.
 */

export const childWorkflowId = (parentWorkflowId: string, kind: ChildKind, sequence: number): string =>
  `${parentWorkflowId}/${kind}-${sequence}`;

const CHILD_SUFFIX = new RegExp(`/(${CHILD_KINDS.join('|')})-(\\d+)$`);

/** The kind and sequence a child's workflow id carries (childWorkflowId's format); undefined for a case's own id. */
export function parseChildWorkflowId(workflowId: string): { kind: ChildKind; sequence: number } | undefined {
  const child = CHILD_SUFFIX.exec(workflowId);
  return child ? { kind: child[1] as ChildKind, sequence: Number(child[2]) } : undefined;
}

/** The case a workflow belongs to: a case workflow's own, a child's parent case; undefined for any other id. */
export function caseIdOwningWorkflow(workflowId: string): string | undefined {
  const caseWorkflowId = parseChildWorkflowId(workflowId)
    ? workflowId.slice(0, workflowId.lastIndexOf('/'))
    : workflowId;
  return caseIdOfWorkflowId(caseWorkflowId);
}
