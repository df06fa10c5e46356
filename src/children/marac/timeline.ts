import { words, yesNo, type ChildTimeline } from '../../platform/workflow/timeline-entry';
import type { MaracReferralState } from './state';

/** A MARAC referral's own events in the case's timeline: started, submitted, the meeting, the outcome and its actions. */
export const maracTimeline: ChildTimeline<MaracReferralState> = {
  entries(state, entry, local) {
    entry(
      state.referredAt,
      'marac.started',
      'MARAC referral started',
      `reason: ${words(state.reason)}; referral ${state.referralId}` +
        (state.repeat
          ? `; repeat referral: ${yesNo(state.repeat.repeat)}${state.repeat.previousReferralAt ? ` (previous ${local(state.repeat.previousReferralAt)})` : ''}`
          : ''),
    );
    if (state.submission) {
      const delivery =
        state.submission.delivery.channel === 'gateway'
          ? `sent to the coordinator (their reference ${state.submission.delivery.partnerReference})`
          : 'to be sent by hand';
      entry(
        state.submission.at,
        'marac.submitted',
        'MARAC referral submitted',
        `${state.submission.maracArea ? `${state.submission.maracArea.name}, where ${state.submission.maracArea.representative} represent us` : `area ${state.submission.area}`}; ${delivery};${state.submission.research ? ` research on the risk, household and ${state.submission.research.agenciesInvolved.length} agencies involved shared under the high-risk MARAC basis;` : ''} survivor informed: ${state.submission.survivorInformed ? 'yes' : `no, because ${state.submission.reasonNotInformed ?? 'no reason recorded'}`}`,
        state.submission.by,
      );
    }
    if (state.meeting) {
      entry(
        state.meeting.recordedAt,
        'marac.meeting_scheduled',
        'MARAC meeting date set',
        `meeting on ${state.meeting.date}${state.meeting.earlierDates.length ? ` (earlier dates: ${state.meeting.earlierDates.join(', ')})` : ''}`,
        'MARAC coordinator',
      );
    }
    if (state.outcome) {
      entry(
        state.outcome.recordedAt,
        'marac.outcome',
        'MARAC outcome recorded',
        state.outcome.actions.length === 0
          ? 'no actions assigned to us'
          : `actions assigned to us: ${state.outcome.actions.map((action) => `${action.actionId} due ${action.dueDate}`).join(', ')}`,
        'MARAC coordinator',
      );
      for (const action of state.outcome.actions) {
        if (action.completedAt)
          entry(
            action.completedAt,
            'marac.action_completed',
            'MARAC action completed',
            `action ${action.actionId} (due ${action.dueDate})`,
            action.completedBy,
          );
      }
    }
  },
  factTimes: (state) =>
    state.outcome?.actions.flatMap((action) => (action.completedAt ? [action.completedAt] : [])) ?? [],
  completed: 'every MARAC action is done',
};
