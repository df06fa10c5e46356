import { maracKind } from './marac/kind';
import { rehousingKind } from './rehousing/kind';
import { repairsKind } from './repairs/kind';
import { safeguardingKind } from './safeguarding/kind';

/*
 * The kinds of workflow a case starts and runs beside itself, as each declares itself in its folder's
 * kind.ts. Workflow code reads this list; the API's and the auditors' list is CHILD_REGISTRATIONS
 * (src/children/registry.ts), which tsc holds to the same kinds (ARCHITECTURE.md says why two).
 */
export const CHILD_KIND_DECLARATIONS = [maracKind, repairsKind, rehousingKind, safeguardingKind] as const;

type Declared = (typeof CHILD_KIND_DECLARATIONS)[number];
export type ChildKind = Declared['kind'];
export type ChildKindDeclarationOf<Kind extends ChildKind> = Extract<Declared, { kind: Kind }>;
/** The workflow types (their functions' names) that run the kinds. */
export type ChildWorkflowType = Declared['workflowType'];

export const CHILD_KINDS = CHILD_KIND_DECLARATIONS.map((declared) => declared.kind) as [ChildKind, ...ChildKind[]];

const BY_KIND = Object.fromEntries(CHILD_KIND_DECLARATIONS.map((declared) => [declared.kind, declared])) as {
  [Kind in ChildKind]: ChildKindDeclarationOf<Kind>;
};

export const childKindDeclaration = <Kind extends ChildKind>(kind: Kind): ChildKindDeclarationOf<Kind> => BY_KIND[kind];

export const CHILD_KIND_LABELS = Object.fromEntries(
  CHILD_KIND_DECLARATIONS.map((declared) => [declared.kind, declared.label]),
) as { [Kind in ChildKind]: string };
