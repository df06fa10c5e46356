import { isAtLeast, type Actor } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import type { Disclosure } from '../disclosure';
import type { CaseState } from '../state';

type RequestedGender = Disclosure['requestedOfficerGender'];

/** Who holds the case now: the last officer it was reassigned to, else the disclosure's. */
export const currentCaseOfficer = (state: Pick<CaseState, 'disclosure' | 'assignments'>): string =>
  state.assignments?.at(-1)?.toOfficerId ?? state.disclosure.caseOfficerId;

/**
 * Whether a member of staff's gender, as the directory records it in their own words, meets the
 * survivor's request (Kent 004). Only plain words are read ("woman", "female", "trans woman"):
 * anything else does not meet a request, so a manager records why instead of the product guessing.
 */
export function meetsGenderRequest(requested: RequestedGender, recordedGender: string | null): boolean {
  if (requested === 'no_preference') return true;
  const words = (recordedGender ?? '').toLowerCase();
  const female = /\b(female|woman)\b/.test(words);
  const male = /\b(male|man)\b/.test(words);
  return requested === 'female' ? female && !male : male && !female;
}

export interface Reassignment {
  actor: Actor;
  toOfficerId: string;
  /** what the directory records of the new officer; the API looks it up, as a validator does no I/O */
  toOfficer?: { gender: string | null };
  /** a manager's reason for an officer who does not meet the survivor's gender request */
  genderPreferenceException?: string;
}

/** Why a case cannot pass to this officer; empty when it can. */
export function reassignmentRefusals(
  state: Pick<CaseState, 'disclosure' | 'assignments'>,
  command: Reassignment,
): Refusal[] {
  if (!isAtLeast(command.actor.role, 'manager'))
    return [{ type: 'NotPermitted', message: 'only a manager, DA lead or head of service can reassign a case' }];
  if (!command.toOfficer)
    return [{ type: 'InvalidCommand', message: 'toOfficer: the new officer’s directory record is needed' }];
  const { disclosure } = state;
  if (command.toOfficerId === currentCaseOfficer(state))
    return [{ type: 'NotPossible', message: `${command.toOfficerId} already holds this case` }];
  if (command.toOfficerId === disclosure.perpetrator.officerId)
    return [
      {
        type: 'NotPossible',
        message: `${command.toOfficerId} works with the perpetrator of this case and can never be the survivor’s officer`,
      },
    ];
  const requested = disclosure.requestedOfficerGender;
  const met = meetsGenderRequest(requested, command.toOfficer.gender);
  if (!met && command.genderPreferenceException === undefined)
    return [
      {
        type: 'NotPossible',
        message: `the survivor asked for a ${requested} officer and the directory does not record ${command.toOfficerId} as one: choose another officer, or record in genderPreferenceException why not`,
      },
    ];
  if (met && command.genderPreferenceException !== undefined)
    return [
      {
        type: 'NotPossible',
        message:
          requested === 'no_preference'
            ? 'the survivor asked for no officer gender: there is no exception to record'
            : `${command.toOfficerId} meets the survivor’s request for a ${requested} officer: there is no exception to record`,
      },
    ];
  return [];
}
