import type { QueryDefinition } from '@temporalio/client';
import type { z } from 'zod';
import type { ChildTimeline } from '../case/timeline-entry';
import type { ChildKind } from './kinds';
import { maracKind } from './marac/kind';
import { getMaracReferralQuery } from './marac/messages';
import { maracTimeline } from './marac/timeline';
import { maracReferralStateSchema } from './marac/view-schema';
import { rehousingKind } from './rehousing/kind';
import { getRehousingQuery } from './rehousing/messages';
import { rehousingTimeline } from './rehousing/timeline';
import { rehousingStateSchema } from './rehousing/view-schema';
import { repairsKind } from './repairs/kind';
import { getRepairsQuery } from './repairs/messages';
import { repairsTimeline } from './repairs/timeline';
import { repairsStateSchema } from './repairs/view-schema';

/*
 * Each child kind as the API and the audit timeline see it: its declaration (label, workflow type),
 * the Query that reads its state, the schema documenting that state and its timeline builder.
 * Not workflow code; what workflow code reads of a kind is src/children/kinds.ts.
 */

/** One kind's registration: its Query and its timeline builder take the same state (the schema is checked against it in the kind's view-schema.ts). */
const registration = <Declared extends { kind: ChildKind }, State, Schema extends z.ZodType>(
  declared: Declared,
  stateQuery: QueryDefinition<State>,
  stateSchema: Schema,
  timeline: ChildTimeline<State>,
) => ({ ...declared, stateQuery, stateSchema, timeline });

export const CHILD_REGISTRY = {
  marac: registration(maracKind, getMaracReferralQuery, maracReferralStateSchema, maracTimeline),
  repairs: registration(repairsKind, getRepairsQuery, repairsStateSchema, repairsTimeline),
  rehousing: registration(rehousingKind, getRehousingQuery, rehousingStateSchema, rehousingTimeline),
} as const satisfies { [Kind in ChildKind]: { kind: Kind } };

/** The state a child of this kind answers its Query with. */
export type ChildStateOf<Kind extends ChildKind> =
  (typeof CHILD_REGISTRY)[Kind]['stateQuery'] extends QueryDefinition<infer State, []> ? State : never;

/** A child workflow's own state, as read by its Query. */
export type ChildWorkflowState = {
  [Kind in ChildKind]: { kind: Kind; workflowId: string; state: ChildStateOf<Kind> };
}[ChildKind];

/** The Query that reads the state of a child of this kind. */
export const childStateQueryOf = (kind: ChildKind): QueryDefinition<ChildWorkflowState['state']> =>
  CHILD_REGISTRY[kind].stateQuery as QueryDefinition<ChildWorkflowState['state']>;

/** The timeline builder of a child's kind. */
export const childTimelineOf = (child: ChildWorkflowState): ChildTimeline<ChildWorkflowState['state']> =>
  // each kind's builder takes that kind's state, which `child` carries beside its kind
  CHILD_REGISTRY[child.kind].timeline as ChildTimeline<ChildWorkflowState['state']>;
