import { words, type ChildTimeline } from '../../platform/workflow/timeline-entry';
import type { RepairsState } from './state';

/** Emergency repairs' own events in the case's timeline: the order, the contractor's delays and completion, the survivor's word. */
export const repairsTimeline: ChildTimeline<RepairsState> = {
  entries(state, entry, local) {
    entry(
      state.requestedAt,
      'repairs.requested',
      'Emergency repairs requested',
      `works: ${state.works.join(', ')}${state.securityScheme ? `; security scheme: ${words(state.securityScheme)}` : ''}; charge to the survivor: £${(state.chargeToSurvivorPence / 100).toFixed(2)}; order ${state.orderId}`,
    );
    if (state.order) {
      entry(
        state.order.sentAt,
        'repairs.ordered',
        'Works order sent',
        state.order.delivery.channel === 'gateway'
          ? `to the contractor (their reference ${state.order.delivery.partnerReference})`
          : 'to be sent to the contractor by hand',
      );
    }
    for (const delay of state.delays) {
      entry(
        delay.reportedAt,
        'repairs.delay',
        'Contractor: not practicable in time',
        `new completion by ${local(delay.newCompletionBy)}; reason: ${delay.reason}`,
        'contractor',
      );
      if (delay.survivorTold) {
        entry(
          delay.survivorTold.at,
          'repairs.survivor_told_of_delay',
          'Survivor told of the delay',
          `by ${words(delay.survivorTold.channel)}`,
          delay.survivorTold.by,
        );
      }
    }
    if (state.contractorCompletion) {
      entry(
        state.contractorCompletion.recordedAt,
        'repairs.completed_by_contractor',
        'Contractor reports the works complete',
        `completed ${local(state.contractorCompletion.completedAt)}; evidence ${state.contractorCompletion.evidenceReference}`,
        'contractor',
      );
    }
    if (state.survivorConfirmation) {
      entry(
        state.survivorConfirmation.at,
        'repairs.survivor_confirmation',
        state.survivorConfirmation.satisfied ? 'Survivor confirms the works' : 'Survivor not satisfied with the works',
        state.survivorConfirmation.satisfied
          ? 'the works are done as far as the survivor is concerned'
          : 'back to the contractor with a fresh 24 hours',
        state.survivorConfirmation.by,
      );
    }
  },
  factTimes: (state) => (state.survivorConfirmation ? [state.survivorConfirmation.at] : []),
  completed: 'the works are done and confirmed',
};
