import type { ChildKind } from '../children/kinds';

/** The workflow that keeps a deadline: the case's own, or a child of that kind. */
export type TaskWorkflow = 'case' | ChildKind;

/**
 * Every timescale the workflows track, in the order the compliance report shows them (each by its
 * id), with its label for people and the workflow that keeps it. A new task is added here only.
 */
const TASKS = {
  initialContact: { label: 'Initial contact', workflow: 'case' },
  dashAssessment: { label: 'DASH risk assessment', workflow: 'case' },
  safetyPlan: { label: 'Safety plan', workflow: 'case' },
  managerReview: { label: 'Manager review', workflow: 'case' },
  riskReassessment: { label: 'Risk reassessment', workflow: 'case' },
  consentDecision: { label: 'Consent decision', workflow: 'case' },
  maracSubmission: { label: 'MARAC referral submission', workflow: 'marac' },
  maracAction: { label: 'MARAC action', workflow: 'marac' },
  repairCompletion: { label: 'Emergency repair completion', workflow: 'repairs' },
  informSurvivorOfRepairDelay: { label: 'Telling the survivor of a repair delay', workflow: 'repairs' },
  temporaryAccommodation: { label: 'Temporary accommodation', workflow: 'rehousing' },
  move: { label: 'Move', workflow: 'rehousing' },
} as const satisfies Record<string, { label: string; workflow: TaskWorkflow }>;

export type DeadlineTask = keyof typeof TASKS;

/** The tasks one workflow keeps, e.g. DeadlineTaskOf<'repairs'>. */
export type DeadlineTaskOf<Workflow extends TaskWorkflow> = {
  [Task in DeadlineTask]: (typeof TASKS)[Task]['workflow'] extends Workflow ? Task : never;
}[DeadlineTask];

export const DEADLINE_TASKS = Object.keys(TASKS) as readonly DeadlineTask[];

/** The deadline tasks' labels, and those of what an alert that waits on no deadline is about. */
const LABELS = new Map<string, string>([
  ...Object.entries(TASKS).map(([task, { label }]): [string, string] => [task, label]),
  ['disclosure', 'Disclosure'],
  ['feedback', 'Feedback'],
]);

/** A task's label for people; a task this code does not know is shown as it is written. */
export const taskLabel = (task: string): string => LABELS.get(task) ?? task;
