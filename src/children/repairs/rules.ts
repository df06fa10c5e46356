import type { Deadline } from '../../deadlines/deadline';
import { partnerDateProblem } from '../../platform/dates';
import { CHILD_ENTRY_LIMITS, entryLimitRefusal } from '../../platform/workflow/bounds';
import type { Refusal } from '../../platform/workflow/validation';
import { childStatusOf } from '../status';
import type { ContractorUpdateCommand, SurvivorToldOfDelayCommand } from './commands';
import { safeContactRefusals } from '../../contact/safe-contact';
import type { RepairsState } from './state';

/** Done when the contractor has completed with evidence and the survivor confirms she is satisfied. */
export const repairsDone = (state: RepairsState): boolean =>
  state.contractorCompletion !== undefined && state.survivorConfirmation?.satisfied === true;

/** Where the works order stands, derived from what is recorded, the latest step first. */
export const repairsStatus = (state: RepairsState): string =>
  childStatusOf(
    state,
    repairsDone(state),
    [
      [state.contractorCompletion, 'awaiting_survivor_confirmation'],
      [state.delays.length > 0, 'delayed'],
    ],
    'ordered',
  );

/** Completion is met by the contractor's report; telling the survivor of a delay, by telling her of that one. */
export const isRepairsDeadlineMet = (deadline: Deadline, state: RepairsState): boolean =>
  deadline.task === 'repairCompletion'
    ? state.contractorCompletion !== undefined
    : state.delays.some((delay) => delay.reportedAt === deadline.startedAt && delay.survivorTold);

/**
 * The contractor's report: a date the partner can mean, nothing after a completion except that
 * completion again, and a new delay only while the order has room for one.
 */
export function contractorUpdateRefusals(
  state: RepairsState,
  command: ContractorUpdateCommand,
  now: string,
): Refusal[] {
  const [field, date, kind] =
    command.outcome === 'completed'
      ? (['completedAt', command.completedAt, 'done'] as const)
      : (['newCompletionBy', command.newCompletionBy, 'due'] as const);
  const dateProblem = partnerDateProblem(date, kind, { requestedAt: state.requestedAt, now });
  if (dateProblem) return [{ type: 'InvalidCommand', message: `${field}: ${dateProblem}` }];
  const completion = state.contractorCompletion;
  if (
    completion &&
    (command.outcome === 'not_practicable' || completion.evidenceReference !== command.evidenceReference)
  ) {
    return [
      {
        type: 'NotPossible',
        message: `the contractor already reported the works complete at ${completion.completedAt}`,
      },
    ];
  }
  const isNewDelay =
    command.outcome === 'not_practicable' &&
    !state.delays.some((delay) => delay.newCompletionBy === command.newCompletionBy);
  const full =
    isNewDelay &&
    entryLimitRefusal(state.delays.length, CHILD_ENTRY_LIMITS.repairDelays, 'contractor delays', 'works order');
  return full ? [{ type: 'NotPossible', message: full }] : [];
}

/** The survivor is told of the contractor's latest delay, once, by a way their safe-contact profile allows. */
export function survivorToldOfDelayRefusals(state: RepairsState, told: SurvivorToldOfDelayCommand): Refusal[] {
  const latest = state.delays.at(-1);
  if (!latest) return [{ type: 'NotPossible', message: 'the contractor has reported no delay' }];
  if (latest.survivorTold)
    return [{ type: 'NotPossible', message: `the survivor was told of this delay at ${latest.survivorTold.at}` }];
  if (!told.safeContact)
    return [{ type: 'InvalidCommand', message: 'safeContact: the case’s safe-contact profile is needed' }];
  return safeContactRefusals(told.safeContact, told);
}

/** The survivor confirms only reported works; her dissatisfaction starts a fresh 24 hours while the order has room for one. */
export function survivorConfirmationRefusals(state: RepairsState, satisfied: boolean): Refusal[] {
  if (!state.contractorCompletion)
    return [{ type: 'NotPossible', message: 'the contractor has not reported the works complete' }];
  // the fresh 24 hours her dissatisfaction starts, not the contractor's own dates
  const fresh24Hours = state.deadlines.filter(
    (deadline) => deadline.task === 'repairCompletion' && !deadline.fixedDue,
  ).length;
  const full =
    !satisfied &&
    entryLimitRefusal(
      fresh24Hours,
      CHILD_ENTRY_LIMITS.repairCompletionDeadlines,
      'completion deadlines',
      'works order',
    );
  return full ? [{ type: 'NotPossible', message: full }] : [];
}
