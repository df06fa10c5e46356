import { words, yesNo, type ChildTimeline } from '../../platform/workflow/timeline-entry';
import type { RehousingState } from './state';

/** Rehousing's own events in the case's timeline: temporary accommodation, the appraisal, offers, decisions, the move. */
export const rehousingTimeline: ChildTimeline<RehousingState> = {
  entries(state, entry) {
    entry(
      state.requestedAt,
      'rehousing.requested',
      'Rehousing requested',
      `immediate danger: ${yesNo(state.immediateDanger)}; request ${state.requestId}`,
    );
    if (state.temporaryAccommodation) {
      entry(
        state.temporaryAccommodation.placedAt,
        'rehousing.temporary_accommodation',
        'Temporary accommodation placed',
        'placement recorded by reference (held in the case)',
        state.temporaryAccommodation.by,
      );
    }
    if (state.appraisal) {
      entry(
        state.appraisal.at,
        'rehousing.options_appraisal',
        'Options appraisal agreed with the survivor',
        `considered: ${state.appraisal.optionsConsidered.map(words).join(', ')}; chosen: ${words(state.appraisal.chosen)}`,
        state.appraisal.by,
      );
    }
    state.offers.forEach((offer, index) => {
      entry(offer.recordedAt, 'rehousing.offer', `Offer ${index + 1} recorded`, `${words(offer.kind)}`);
      if (offer.decision && offer.decidedAt) {
        entry(
          offer.decidedAt,
          'rehousing.offer_decision',
          `Offer ${index + 1} ${offer.decision}`,
          offer.decision === 'refused' ? `reason: ${offer.reason ?? 'none recorded'}` : 'accepted by the survivor',
        );
      }
    });
    for (const decision of state.localAuthorityDecisions) {
      entry(
        decision.recordedAt,
        'rehousing.local_authority_decision',
        'Local authority decision',
        `${words(decision.decision)} (decision ${decision.decisionReference})`,
        'local authority',
      );
    }
    const moveDeadline = [...state.deadlines].reverse().find((deadline) => deadline.task === 'move');
    if (state.moveDate && moveDeadline)
      entry(moveDeadline.startedAt, 'rehousing.move_date', 'Move date set', `move on ${state.moveDate}`);
    if (state.moved) entry(state.moved.at, 'rehousing.moved', 'Survivor moved', 'the move is complete', state.moved.by);
  },
  factTimes: (state) => [...(state.moved ? [state.moved.at] : []), ...(state.appraisal ? [state.appraisal.at] : [])],
  completed: 'the rehousing is complete',
};
