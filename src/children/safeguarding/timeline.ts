import { LAWFUL_BASIS_LABELS } from '../../sharing/consent';
import { words, type ChildTimeline } from '../../platform/workflow/timeline-entry';
import type { SafeguardingState } from './state';

/** A safeguarding referral's own events in the case's timeline: raised, made, acknowledged, reviewed, its outcome. */
export const safeguardingTimeline: ChildTimeline<SafeguardingState> = {
  entries(state, entry) {
    entry(
      state.raisedAt,
      'safeguarding.started',
      'Safeguarding referral called for',
      `${state.reason === 'household' ? 'the household at disclosure' : 'raised by staff'}; about: ${state.subjects.map(words).join(', ')}; referral ${state.referralId}`,
      state.raisedBy,
    );
    if (state.referral) {
      entry(
        state.referral.at,
        'safeguarding.referred',
        'Safeguarding referral made',
        `to ${state.referral.agency} (their reference ${state.referral.agencyReference}); shared on the lawful basis of ${LAWFUL_BASIS_LABELS[state.referral.lawfulBasis]}; survivor informed: ${state.referral.survivorInformed ? 'yes' : `no, because ${state.referral.reasonNotInformed ?? 'no reason recorded'}`}`,
        state.referral.by,
      );
    }
    if (state.acknowledgement) {
      entry(
        state.acknowledgement.at,
        'safeguarding.acknowledged',
        'Safeguarding referral acknowledged',
        `local authority reference ${state.acknowledgement.localAuthorityReference}`,
        'local authority',
      );
    }
    state.reviews.forEach((review, index) =>
      entry(review.at, 'safeguarding.reviewed', `Safeguarding referral review ${index + 1}`, review.summary, review.by),
    );
    if (state.outcome) {
      entry(
        state.outcome.at,
        'safeguarding.outcome',
        'Safeguarding outcome from the local authority',
        `${words(state.outcome.outcome)} (reference ${state.outcome.localAuthorityReference})`,
        'local authority',
      );
    }
  },
  factTimes: (state) => [...(state.outcome ? [state.outcome.at] : []), ...state.reviews.map((review) => review.at)],
  completed: 'the local authority gave its outcome',
};
