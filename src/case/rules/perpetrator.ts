import { perpetratorActionsOf } from '../../policy';
import type { PerpetratorActionKind, PolicyProfile } from '../../policy/profile';
import { isAtLeast } from '../../staff/staff';
import { entryLimitRefusal } from '../../platform/workflow/bounds';
import { partnerDateProblem } from '../../platform/dates';
import type { Refusal } from '../../platform/workflow/validation';
import type { PerpetratorActionCommand, PerpetratorActionOutcomeCommand } from '../commands';
import type { CaseState } from '../state';

/** The actions on the perpetrator's tenancy: taken only with the survivor's agreement (Kent 004 §7.1), or for their safety. */
export const TENANCY_ACTIONS: ReadonlySet<PerpetratorActionKind> = new Set([
  'tenancy_breach_warning',
  'enforcement',
  'relocation',
  'sole_tenancy',
]);

/** How often one action's progress may be recorded: far beyond casework, and bounded. */
export const PERPETRATOR_ACTION_OUTCOMES_MAX = 50;

const words = (kind: string): string => kind.replaceAll('_', ' ');

/** Why this action about the perpetrator cannot be recorded; empty when it can. */
export function perpetratorActionRefusals(
  profile: PolicyProfile,
  command: PerpetratorActionCommand,
  now: string,
): Refusal[] {
  const dueProblem = command.dueBy && partnerDateProblem(command.dueBy, 'due', { requestedAt: now, now });
  if (dueProblem) return [{ type: 'InvalidCommand', message: `dueBy: ${dueProblem}` }];
  const allowed = perpetratorActionsOf(profile);
  if (!allowed[command.kind]) {
    const named = Object.keys(allowed).map(words);
    return [
      {
        type: 'NotPossible',
        message: `${words(command.kind)} is not an action ${profile.organisationName}'s policy names${named.length > 0 ? ` (it names: ${named.join(', ')})` : ''}`,
      },
    ];
  }
  const needsAgreement = TENANCY_ACTIONS.has(command.kind) && !command.survivorAgrees;
  if (needsAgreement && command.safetyReason === undefined)
    return [
      {
        type: 'NotPossible',
        message: `${words(command.kind)} is taken only where the survivor agrees, or where a DA lead records why their safety requires it (safetyReason)`,
      },
    ];
  if (needsAgreement && !isAtLeast(command.actor.role, 'da_lead'))
    return [
      {
        type: 'NotPermitted',
        message: 'only a DA lead or head of service can take a tenancy action the survivor has not agreed to',
      },
    ];
  if (!needsAgreement && command.safetyReason !== undefined)
    return [
      {
        type: 'NotPossible',
        message: 'a safety reason is recorded only for a tenancy action the survivor has not agreed to',
      },
    ];
  return [];
}

/** Why progress on this action cannot be recorded; empty when it can. */
export function perpetratorActionOutcomeRefusals(
  state: Pick<CaseState, 'perpetratorActions'>,
  command: PerpetratorActionOutcomeCommand,
): Refusal[] {
  const action = state.perpetratorActions?.find((candidate) => candidate.id === command.actionId);
  if (!action) return [{ type: 'NotPossible', message: `no perpetrator action ${command.actionId} on this case` }];
  if (action.status === 'completed' || action.status === 'withdrawn')
    return [{ type: 'NotPossible', message: `this action is already ${action.status}` }];
  const full = entryLimitRefusal(
    action.outcomes.length,
    PERPETRATOR_ACTION_OUTCOMES_MAX,
    'progress records',
    'perpetrator action',
  );
  return full ? [{ type: 'NotPossible', message: full }] : [];
}
