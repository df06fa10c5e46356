/*
 * What a workflow's timeline entry is, and the wording every workflow's entries share: the case's
 * (src/case/timeline.ts) and each child kind's (src/children/<kind>/timeline.ts) build on it.
 */

export interface TimelineEntry {
  /** ISO 8601 instant */
  at: string;
  /** the staff id that acted, or the outside party (a partner); absent for the system */
  actor?: string;
  /** what happened, in a few words */
  what: string;
  /** the particulars an auditor checks */
  detail: string;
  /** a stable code for filtering: `case.disclosure`, `deadline.escalated`, `marac.submitted`, … */
  code: string;
  /** the workflow that recorded it: the case's or a child's */
  workflowId: string;
}

/** Adds an entry of one workflow; an entry without a time is left out. */
export type WorkflowEntry = (
  at: string | undefined,
  code: string,
  what: string,
  detail: string,
  actor?: string,
) => void;

/** An instant in the case's own time zone, for people. */
export type LocalTime = (at: string) => string;

/** How one kind of child workflow tells its own events. */
export interface ChildTimeline<State> {
  /** the kind's own events, before its deadlines and alerts */
  entries(state: State, entry: WorkflowEntry, local: LocalTime): void;
  /** when the kind's own recorded facts changed, besides its deadlines: when it completed, as far as its state tells */
  factTimes(state: State): string[];
  /** what "completed" means for it */
  completed: string;
}

export const yesNo = (value: boolean | undefined): string => (value ? 'yes' : 'no');
export const words = (code: string): string => code.replace(/_/g, ' ');
