import type { ChildKind } from '../children/kinds';

/** The workflow that keeps a deadline: the case's own, or a child of that kind. */
export type TaskWorkflow = 'case' | ChildKind;

/** The tasks one workflow keeps, each with its label for people. */
const keptBy = <Workflow extends TaskWorkflow, Labels extends Record<string, string>>(
  workflow: Workflow,
  labels: Labels,
) =>
  Object.fromEntries(Object.entries(labels).map(([task, label]) => [task, { label, workflow }])) as {
    [Task in keyof Labels]: { label: Labels[Task]; workflow: Workflow };
  };

/**
 * Every timescale the workflows track, in the order the compliance report shows them (each by its
 * id), with its label for people, grouped by the workflow that keeps it. A new task is added here only.
 */
const TASKS = {
  ...keptBy('case', {
    initialContact: 'Initial contact',
    dashAssessment: 'DASH risk assessment',
    safetyPlan: 'Safety plan',
    safetyPlanReview: 'Safety plan review',
    managerReview: 'Manager review',
    riskReassessment: 'Risk reassessment',
    consentDecision: 'Consent decision',
    seriousIncidentReport: 'Serious-incident report approval',
    perpetratorAction: 'Perpetrator action',
  }),
  ...keptBy('marac', { maracSubmission: 'MARAC referral submission', maracAction: 'MARAC action' }),
  ...keptBy('repairs', {
    repairCompletion: 'Emergency repair completion',
    informSurvivorOfRepairDelay: 'Telling the survivor of a repair delay',
  }),
  ...keptBy('rehousing', { temporaryAccommodation: 'Temporary accommodation', move: 'Move' }),
  ...keptBy('safeguarding', {
    safeguardingReferral: 'Safeguarding referral',
    safeguardingReview: 'Safeguarding referral review',
  }),
};

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
