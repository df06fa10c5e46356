import type { Refusal } from '../../platform/workflow/validation';
import type { LinkedWorkflow } from './closure';
import { childKindDeclaration, type ChildKind } from '../../children/kinds';

type Child = LinkedWorkflow & { open: boolean };

/** The case's linked workflows still open, of one kind or all. */
export const openChildren = <Linked extends Child>(children: readonly Linked[], kind?: ChildKind): Linked[] =>
  children.filter((child) => child.open && (!kind || child.kind === kind));

/** A kind that declares it runs one at a time (MARAC, rehousing) is refused while one is open; others run side by side. */
export function childRequestRefusals(children: readonly Child[], kind: ChildKind): Refusal[] {
  const message = childKindDeclaration(kind).request.oneOpenAtATime;
  return message && openChildren(children, kind).length > 0 ? [{ type: 'NotPossible', message }] : [];
}
