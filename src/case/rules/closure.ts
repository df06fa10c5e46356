import { CHILD_KIND_LABELS, type ChildKind } from '../../children/kinds';

/** What becomes of a linked workflow (MARAC, repairs, rehousing) still open when its case closes. */
export const CHILD_DISPOSITIONS = ['withdrawn', 'completed_elsewhere', 'transferred'] as const;
export type ChildDisposition = (typeof CHILD_DISPOSITIONS)[number];


export interface LinkedWorkflow {
  workflowId: string;
  kind: ChildKind;
}

const describe = (child: LinkedWorkflow): string => `${CHILD_KIND_LABELS[child.kind]} ${child.workflowId}`;

/**
 * Closing must not settle an open child silently: each open one is named with what becomes of it.
 * Naming one that has meanwhile finished is harmless; naming one the case never started is refused.
 * Returns the problems, empty when the closure may go ahead.
 */
export function childDispositionProblems(children: readonly (LinkedWorkflow & { open: boolean })[], named: readonly LinkedWorkflow[]): string[] {
  const problems: string[] = [];
  const isNamed = (child: LinkedWorkflow) => named.some((entry) => entry.workflowId === child.workflowId && entry.kind === child.kind);
  const open = children.filter((child) => child.open);
  if (open.some((child) => !isNamed(child))) {
    problems.push(`${open.length} linked workflow(s) still open: name what becomes of each and why (openChildren): ${open.map(describe).join(', ')}`);
  }
  const unknown = named.filter((entry) => !children.some((child) => child.workflowId === entry.workflowId && child.kind === entry.kind));
  if (unknown.length > 0) problems.push(`not a linked workflow of this case: ${unknown.map(describe).join(', ')}`);
  return problems;
}
