import type { Deadline } from '../../deadlines/deadline';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import type { Refusal } from '../../platform/workflow/validation';
import { childStatusOf } from '../status';
import type { LocalAuthorityDecisionCommand } from './commands';
import type { RehousingState } from './state';

/** Done at the move, or at the appraisal when the survivor stays at home with added security. */
export const rehousingDone = (state: RehousingState): boolean =>
  state.moved !== undefined || state.appraisal?.chosen === 'stay_with_added_security';

/** Where the rehousing stands, derived from what is recorded, the latest step first. */
export const rehousingStatus = (state: RehousingState): string =>
  childStatusOf(
    state,
    rehousingDone(state),
    [
      [state.moveDate, 'move_scheduled'],
      [state.offers.some((offer) => !offer.decision), 'offer_made'],
      [state.appraisal, 'seeking_offers'],
    ],
    'appraising',
  );

/** Temporary accommodation is met by a placement, the move by the move. */
export const isRehousingDeadlineMet = (deadline: Deadline, state: RehousingState): boolean =>
  deadline.task === 'temporaryAccommodation' ? state.temporaryAccommodation !== undefined : state.moved !== undefined;

/** Staff act on a rehousing only while it is neither settled by the case nor complete. */
export function rehousingActionRefusals(state: RehousingState): Refusal[] {
  if (state.settled) return [{ type: 'NotPossible', message: 'the rehousing was settled when the case closed' }];
  if (rehousingDone(state)) return [{ type: 'NotPossible', message: 'the rehousing is complete' }];
  return [];
}

export const findOffer = (state: RehousingState, reference: string) =>
  state.offers.find((offer) => offer.offerReference === reference);

/** An offer follows the options appraisal, is recorded once, and only while the rehousing has room for one. */
export function offerRefusals(state: RehousingState, offerReference: string): Refusal[] {
  if (!state.appraisal)
    return [{ type: 'NotPossible', message: 'record the options appraisal with the survivor before an offer' }];
  if (findOffer(state, offerReference))
    return [{ type: 'NotPossible', message: `offer ${offerReference} is already recorded` }];
  const full = entryLimitRefusal(state.offers.length, CHILD_ENTRY_LIMITS.rehousingOffers, 'offers', 'rehousing');
  return full ? [{ type: 'NotPossible', message: full }] : [];
}

export function offerDecisionRefusals(state: RehousingState, offerReference: string): Refusal[] {
  const offer = findOffer(state, offerReference);
  if (!offer) return [{ type: 'NotPossible', message: `no offer ${offerReference} is recorded` }];
  if (offer.decision)
    return [{ type: 'NotPossible', message: `offer ${offerReference} was already ${offer.decision}` }];
  return [];
}

/** A move date needs an accepted offer, and each new date replaces the last while there is room for one. */
export function moveDateRefusals(state: RehousingState): Refusal[] {
  if (!state.offers.some((offer) => offer.decision === 'accepted'))
    return [{ type: 'NotPossible', message: 'no offer has been accepted yet' }];
  const moveDeadlines = state.deadlines.filter((deadline) => deadline.task === 'move').length;
  const full = entryLimitRefusal(moveDeadlines, CHILD_ENTRY_LIMITS.moveDeadlines, 'move dates', 'rehousing');
  return full ? [{ type: 'NotPossible', message: full }] : [];
}

export function moveCompletedRefusals(state: RehousingState): Refusal[] {
  return state.moveDate ? [] : [{ type: 'NotPossible', message: 'no move date has been recorded' }];
}

/**
 * A local authority's decision: a repeat of one recorded is answered again, a different decision
 * under the same reference refused, and a new one taken only while the rehousing runs and has room.
 */
export function localAuthorityDecisionRefusals(
  state: RehousingState,
  command: LocalAuthorityDecisionCommand,
): Refusal[] {
  const earlier = state.localAuthorityDecisions.find((d) => d.decisionReference === command.decisionReference);
  if (earlier && earlier.decision !== command.decision) {
    return [
      {
        type: 'NotPossible',
        message: `decision ${command.decisionReference} was already recorded as ${earlier.decision}`,
      },
    ];
  }
  if (earlier) return [];
  if (state.settled || rehousingDone(state)) return [{ type: 'NotPossible', message: 'the rehousing has ended' }];
  const full = entryLimitRefusal(
    state.localAuthorityDecisions.length,
    CHILD_ENTRY_LIMITS.localAuthorityDecisions,
    'local authority decisions',
    'rehousing',
  );
  return full ? [{ type: 'NotPossible', message: full }] : [];
}
