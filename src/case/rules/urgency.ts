import type { Refusal } from '../../platform/workflow/validation';
import type { CaseState } from '../state';

type UrgencyFacts = Pick<CaseState, 'disclosure' | 'immediateDanger' | 'risk'>;

/** Immediate danger, said at disclosure or recorded since. */
export const isInImmediateDanger = (state: Pick<UrgencyFacts, 'disclosure' | 'immediateDanger'>): boolean =>
  state.disclosure.immediateDanger || state.immediateDanger !== undefined;

/** A case whose deadlines escalate in clock hours: immediate danger, or a high risk assessed. */
export const isUrgentCase = (state: UrgencyFacts): boolean => isInImmediateDanger(state) || state.risk.level === 'high';

/** Immediate danger is recorded once: its alert went out and the case's deadlines are already urgent. */
export function immediateDangerRefusals(state: Pick<UrgencyFacts, 'disclosure' | 'immediateDanger'>): Refusal[] {
  if (!isInImmediateDanger(state)) return [];
  return [{ type: 'NotPossible', message: 'immediate danger is already recorded for this case' }];
}
