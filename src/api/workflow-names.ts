import type { ChildKind } from '../workflows/shared/child';

const CHILD_NAMES: Record<ChildKind, string> = { marac: 'MARAC referral', repairs: 'emergency repairs', rehousing: 'rehousing' };

/** A child's workflow id ends /<kind>-<sequence> (childWorkflowId in src/workflows/shared/child.ts). */
const CHILD_ID_SUFFIX = /\/(marac|repairs|rehousing)-(\d+)$/;

/**
 * Why a workflow of a case takes no more actions, naming which one it is (never by its id): a
 * child's work can be done while its case is still open.
 */
export function finishedWorkflowDetail(workflowId: string): string {
  const child = CHILD_ID_SUFFIX.exec(workflowId);
  if (!child) return 'the case’s own workflow has finished (the case is closed, or its workflow was ended); it accepts no more actions';
  return `the case’s ${CHILD_NAMES[child[1] as ChildKind]} workflow number ${child[2]} has finished (its work is done, or it was ended); the case itself may still be open, but this workflow accepts no more actions`;
}
