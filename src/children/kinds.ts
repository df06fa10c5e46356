import { maracKind } from './marac/kind';
import { rehousingKind } from './rehousing/kind';
import { repairsKind } from './repairs/kind';

/*
 * The kinds of workflow a case starts and runs beside itself, as each kind declares itself in its
 * folder. Plain data, so workflow code reads it too; the API's and the timeline's view of each
 * kind is src/children/registry.ts. A new kind is a new folder and one line here.
 */

const KINDS = [maracKind, repairsKind, rehousingKind] as const;

export type ChildKind = (typeof KINDS)[number]['kind'];

export const CHILD_KINDS = KINDS.map((declared) => declared.kind) as [ChildKind, ...ChildKind[]];

type Declared<Kind extends ChildKind> = Extract<(typeof KINDS)[number], { kind: Kind }>;

export const CHILD_KIND_LABELS = Object.fromEntries(KINDS.map((declared) => [declared.kind, declared.label])) as {
  [Kind in ChildKind]: Declared<Kind>['label'];
};

/** The workflow type (its function's name) that runs each kind. */
export const CHILD_WORKFLOW_TYPES = Object.fromEntries(
  KINDS.map((declared) => [declared.kind, declared.workflowType]),
) as {
  [Kind in ChildKind]: Declared<Kind>['workflowType'];
};
