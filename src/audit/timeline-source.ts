import type { Client } from '@temporalio/client';
import { getCaseQuery } from '../case/messages';
import { caseWorkflowId, type CaseView } from '../case/state';
import { caseTimeline } from '../case/timeline';
import type { TimelineEntry } from '../platform/workflow/timeline-entry';
import { childStateQueryOf, type ChildWorkflowState } from '../children/registry';

/*
 * Where a case's timeline comes from: the workflows' own state, read from Temporal by Query (a
 * worker must be running; a finished workflow still answers), never from logs.
 */

/** Each child's own state, by its kind's Query; a child whose state cannot be read is left out (the timeline says so). */
async function fetchChildStates(client: Client, view: Pick<CaseView, 'children'>): Promise<ChildWorkflowState[]> {
  const states: ChildWorkflowState[] = [];
  for (const child of view.children) {
    try {
      const state = await client.workflow.getHandle(child.workflowId).query(childStateQueryOf(child.kind));
      states.push({ kind: child.kind, workflowId: child.workflowId, state } as ChildWorkflowState);
    } catch {
      // e.g. a child terminated by an operator; its last report to the case still appears
    }
  }
  return states;
}

/** The case's state and its children's, then the timeline. */
export async function loadCaseTimeline(
  client: Client,
  caseId: string,
): Promise<{ view: CaseView; children: ChildWorkflowState[]; timeline: TimelineEntry[] }> {
  const view = await client.workflow.getHandle(caseWorkflowId(caseId)).query(getCaseQuery);
  const children = await fetchChildStates(client, view);
  return { view, children, timeline: caseTimeline(view, children) };
}
