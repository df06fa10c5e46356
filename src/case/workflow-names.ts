import { CHILD_KIND_LABELS } from '../children/kinds';
import { parseChildWorkflowId } from './workflow-ids';

/**
 * Why a workflow of a case takes no more actions, naming which one it is (never by its id): a
 * child's work can be done while its case is still open.
 */
export function finishedWorkflowDetail(workflowId: string): string {
  const child = parseChildWorkflowId(workflowId);
  if (!child)
    return 'the case’s own workflow has finished (the case is closed, or its workflow was ended); it accepts no more actions';
  // mid-sentence: "Emergency repairs" reads "emergency repairs"; "MARAC" keeps its capitals
  const name = CHILD_KIND_LABELS[child.kind].replace(/^[A-Z](?=[a-z])/, (first) => first.toLowerCase());
  return `the case’s ${name} workflow number ${child.sequence} has finished (its work is done, or it was ended); the case itself may still be open, but this workflow accepts no more actions`;
}
