import type { ChildStateBase } from './kit';

/**
 * Where a child stands, derived from what is recorded: settled by the case, else completed, else the
 * first step of `latestFirst` recorded, else where it began.
 */
export const childStatusOf = (
  state: ChildStateBase,
  done: boolean,
  latestFirst: readonly (readonly [recorded: unknown, status: string])[],
  initial: string,
): string =>
  state.settled ? 'settled' : done ? 'completed' : (latestFirst.find(([recorded]) => recorded)?.[1] ?? initial);
