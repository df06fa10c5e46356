import type { QueryDefinition } from '@temporalio/common';
import type { ChildTimeline } from '../platform/workflow/timeline-entry';
import type { ChildKind } from './kinds';
import { maracRegistration } from './marac/registration';
import { rehousingRegistration } from './rehousing/registration';
import { repairsRegistration } from './repairs/registration';
import { safeguardingRegistration } from './safeguarding/registration';

/*
 * Each child kind as the API and the audit timeline see it: its declaration (src/children/<kind>/kind.ts)
 * with its registration (src/children/<kind>/registration.ts). Not workflow code; what workflow code
 * reads of the kinds is src/children/kinds.ts.
 */
export const CHILD_REGISTRATIONS = [
  maracRegistration,
  repairsRegistration,
  rehousingRegistration,
  safeguardingRegistration,
] as const;

type Registered = (typeof CHILD_REGISTRATIONS)[number];

/** The state a child of this kind answers its Query with; tsc refuses a kind of kinds.ts not registered above. */
export type ChildStateOf<Kind extends Registered['kind']> =
  Extract<Registered, { kind: Kind }>['stateQuery'] extends QueryDefinition<infer State, []> ? State : never;

/** A child workflow's own state, as read by its Query. */
export type ChildWorkflowState = {
  [Kind in ChildKind]: { kind: Kind; workflowId: string; state: ChildStateOf<Kind> };
}[ChildKind];

const BY_KIND = Object.fromEntries(CHILD_REGISTRATIONS.map((registered) => [registered.kind, registered])) as Record<
  ChildKind,
  Registered
>;

/** The Query that reads the state of a child of this kind. */
export const childStateQueryOf = (kind: ChildKind): QueryDefinition<ChildWorkflowState['state']> =>
  BY_KIND[kind].stateQuery as QueryDefinition<ChildWorkflowState['state']>;

/** The timeline builder of a child's kind. */
export const childTimelineOf = (child: ChildWorkflowState): ChildTimeline<ChildWorkflowState['state']> =>
  // each kind's builder takes that kind's state, which `child` carries beside its kind
  BY_KIND[child.kind].timeline as ChildTimeline<ChildWorkflowState['state']>;
