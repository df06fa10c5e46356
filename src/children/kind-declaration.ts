import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Actor } from '../staff/staff';
import type { ChildContext, ChildStatus } from './kit';

/*
 * What a child kind declares of itself in its folder's kind.ts, for workflow code as much as for the
 * API: plain data, and how the case starts one. The API's side of a kind is its registration.ts.
 */

/** What the case knows, beyond the ChildContext every child gets, that a kind's own input may draw on. */
export interface StartingCase {
  now: string;
  survivorReference: string;
  immediateDanger: boolean;
}

/** A child's input less the ChildContext the case adds to every child's. */
export type OwnInput<Input extends ChildContext> = Omit<Input, keyof ChildContext>;

/** The case's Update by which staff ask for a child of a kind, and what the child then starts with. */
export interface ChildRequest<Command extends { actor: Actor } = { actor: Actor }, Input extends object = object> {
  update: UpdateDefinition<ChildStatus, [Command]>;
  /** what a new request is held to, by the Update's validator and the API */
  command: z.ZodType<Command>;
  /** what the case's handler parses, on replay too: the bounds of requests already recorded */
  recordedCommand: z.ZodType<Command>;
  /** for a kind a case runs one of at a time: the refusal while one is open */
  oneOpenAtATime?: string;
  input(command: Command, starting: StartingCase): Input;
}

export interface ChildKindDeclaration<
  Kind extends string = string,
  WorkflowType extends string = string,
  Request extends ChildRequest = ChildRequest,
> {
  kind: Kind;
  label: string;
  /** the name of its workflow function, exported by src/workflows.ts */
  workflowType: WorkflowType;
  request: Request;
}

/** A kind's declaration, its request's command and input checked against each other. */
export const childKind = <
  const Kind extends string,
  const WorkflowType extends string,
  Command extends { actor: Actor },
  Input extends object,
>(
  declared: ChildKindDeclaration<Kind, WorkflowType, ChildRequest<Command, Input>>,
) => declared;
