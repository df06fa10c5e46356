import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { ChildTimeline } from '../platform/workflow/timeline-entry';
import type { Actor } from '../staff/staff';
import type { ChildKindDeclaration } from './kind-declaration';
import type { ChildKind } from './kinds';

/*
 * What a child kind registers in its folder's registration.ts for the API and the auditors (never
 * workflow code): how its state is read, documented and told, and the routes of its staff actions.
 * The routes themselves are built alike for every kind, in src/case/action-routes.ts.
 */

export type CaseFact = 'safeContact' | 'maracResearch';

/** A staff action on a child of the kind: POST /cases/{caseId}/{kind}/{sequence}<path>, its Update's command and result. */
export interface ChildActionRow<Result = unknown> {
  path: `/${string}`;
  command: z.ZodType<{ actor: Actor }>;
  update: UpdateDefinition<Result, [{ actor: Actor }]>;
  /**
   * facts of the case the API adds to the command (a child cannot ask its case): its safe-contact
   * profile now, or the MARAC research answered from it
   */
  caseFacts?: readonly CaseFact[];
}

/** A row whose Update takes the command given. */
export const childActionRow = <Command extends { actor: Actor }, Result>(
  path: `/${string}`,
  command: z.ZodType<Command>,
  update: UpdateDefinition<Result, [Command]>,
  caseFacts?: ChildActionRow['caseFacts'],
): ChildActionRow<Result> => ({ path, command, update, ...(caseFacts && { caseFacts }) });

export interface ChildRegistered<State = unknown, Schema extends z.ZodType = z.ZodType> {
  /** where staff ask the case for one: POST /cases/{caseId}<startPath> */
  startPath: `/${string}`;
  stateQuery: QueryDefinition<State>;
  /** documents what the Query and every action answer (checked against the state in the kind's view-schema.ts) */
  stateSchema: Schema;
  timeline: ChildTimeline<State>;
  /** each action's Update answers with the child's whole state */
  actions: readonly ChildActionRow<z.output<Schema>>[];
}

export type ChildRegistration = ChildKindDeclaration<ChildKind> & ChildRegistered;

/** A kind's registration: its Query and its timeline builder take the same state. */
export const childRegistration = <Declared extends ChildKindDeclaration<ChildKind>, State, Schema extends z.ZodType>(
  declared: Declared,
  registered: ChildRegistered<State, Schema>,
) => ({ ...declared, ...registered });
