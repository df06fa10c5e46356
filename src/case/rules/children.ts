import type { Refusal } from '../../platform/workflow/validation';
import type { LinkedWorkflow } from './closure';
import type { ChildKind } from '../../children/kinds';

type Child = LinkedWorkflow & { open: boolean };

/** The case's linked workflows still open, of one kind or all. */
export const openChildren = <Linked extends Child>(children: readonly Linked[], kind?: ChildKind): Linked[] =>
  children.filter((child) => child.open && (!kind || child.kind === kind));

/** A case has at most one MARAC referral and one rehousing open at a time; repairs may run side by side. */
export function childRequestRefusals(children: readonly Child[], kind: Exclude<ChildKind, 'repairs'>): Refusal[] {
  if (openChildren(children, kind).length === 0) return [];
  const message =
    kind === 'marac'
      ? 'a MARAC referral for this case is already open'
      : 'rehousing for this case is already under way';
  return [{ type: 'NotPossible', message }];
}
