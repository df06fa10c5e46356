import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { JSONPayload } from '@temporalio/common/lib/proto-utils';
import { getCaseQuery } from '../case/messages';
import { caseWorkflowId, type CaseView } from '../case/state';
import { caseTimeline } from '../case/timeline';
import type { TimelineEntry } from '../platform/workflow/timeline-entry';
import { childStateQueryOf, type ChildWorkflowState } from '../children/registry';
import type { ArchiveReader } from '../archive/store';
import { decodeWorkflowPayload, type HistorySource } from './history';

/*
 * Where a case's timeline comes from: the workflows' own state, read from Temporal by Query (a
 * worker must be running; a finished workflow still answers), or, once Temporal's retention has
 * removed the case, from the last state the archive kept of each run. Never from logs.
 */

/** Reading from the archive: where it is, and the converter that decrypts what it kept. */
export interface ArchivedTimelineSource {
  archive: ArchiveReader;
  dataConverter: DataConverter;
}

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

/** The last state the archive kept of a workflow's runs, decrypted; undefined when it kept none. */
async function archivedState<T>(source: ArchivedTimelineSource, workflowId: string): Promise<T | undefined> {
  const runs = await source.archive.runsOf(workflowId);
  const last = runs.filter((run) => run.finalState).at(-1);
  return last ? decodeWorkflowPayload<T>(source.dataConverter, workflowId, last.finalState as JSONPayload) : undefined;
}

async function loadArchivedCase(source: ArchivedTimelineSource, caseId: string) {
  const view = await archivedState<CaseView>(source, caseWorkflowId(caseId));
  if (!view) return undefined;
  const children: ChildWorkflowState[] = [];
  for (const child of view.children) {
    const state = await archivedState(source, child.workflowId);
    if (state) children.push({ kind: child.kind, workflowId: child.workflowId, state } as ChildWorkflowState);
  }
  return { view, children };
}

/** The case's state and its children's, then the timeline, and where they were read. */
export async function loadCaseTimeline(
  client: Client,
  caseId: string,
  archived?: ArchivedTimelineSource,
): Promise<{ view: CaseView; children: ChildWorkflowState[]; timeline: TimelineEntry[]; source: HistorySource }> {
  try {
    const view = await client.workflow.getHandle(caseWorkflowId(caseId)).query(getCaseQuery);
    const children = await fetchChildStates(client, view);
    return { view, children, timeline: caseTimeline(view, children), source: 'temporal' };
  } catch (error) {
    const fromArchive =
      error instanceof WorkflowNotFoundError && archived ? await loadArchivedCase(archived, caseId) : undefined;
    if (!fromArchive) throw error;
    const { view, children } = fromArchive;
    return { view, children, timeline: caseTimeline(view, children), source: 'archive' };
  }
}
