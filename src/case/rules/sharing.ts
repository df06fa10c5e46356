import {
  isPerpetratorRecipient,
  PERPETRATOR_REFUSAL,
  validateLawfulBasisApproval,
  type LawfulBasisApproval,
  type SharingContext,
} from '../../sharing/consent';
import { isAtLeast, type Actor } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import type { CaseState, SharingRequestState } from '../state';
import type { SurvivorToldOfSharingCommand } from '../commands';
import { safeContactRefusals } from '../../contact/safe-contact';
import { currentSafeContact } from './safe-contact';

type SharingCase = Pick<CaseState, 'sharing' | 'risk'>;

export const findSharingRequest = (
  state: Pick<CaseState, 'sharing'>,
  requestId: string,
): SharingRequestState | undefined => state.sharing.requests.find((entry) => entry.request.id === requestId);

const notOnThisCase = (requestId: string): Refusal => ({
  type: 'NotPossible',
  message: `no sharing request ${requestId} on this case`,
});
const alreadyReleased: Refusal = { type: 'NotPossible', message: 'this information has already been released' };

/**
 * The preconditions of approving a lawful basis to share without consent: a manager or above, a
 * request of this case not yet released nor addressed to the perpetrator, the high-risk MARAC basis
 * only for a high-risk case, and an approval the organisation's policy allows.
 */
export function lawfulBasisRefusals(
  state: SharingCase,
  context: Required<SharingContext>,
  actor: Actor,
  approval: LawfulBasisApproval,
): Refusal[] {
  const refusals: Refusal[] = [];
  if (!isAtLeast(actor.role, 'manager')) {
    refusals.push({
      type: 'NotPermitted',
      message: 'only a manager, DA lead or head of service can approve sharing without consent',
    });
  }
  const entry = findSharingRequest(state, approval.requestId);
  if (!entry) return [...refusals, notOnThisCase(approval.requestId)];
  if (entry.status === 'released') refusals.push(alreadyReleased);
  // No lawful basis reaches the perpetrator, so approving one would only record a false permission.
  if (isPerpetratorRecipient(entry.request, context.perpetratorIdentifiers))
    refusals.push({ type: 'NotPossible', message: PERPETRATOR_REFUSAL });
  if (approval.basis === 'high_risk_marac' && state.risk.level !== 'high') {
    refusals.push({ type: 'NotPossible', message: 'the high-risk MARAC basis needs a case assessed as high risk' });
  }
  const problems = validateLawfulBasisApproval(approval, context.allowedBases);
  if (problems.length > 0) refusals.push({ type: 'NotPossible', message: problems.join('; ') });
  return refusals;
}

/** Information is released only once the consent gate has authorised it, and only once. */
export function releaseRefusals(state: Pick<CaseState, 'sharing'>, requestId: string): Refusal[] {
  const entry = findSharingRequest(state, requestId);
  if (!entry) return [notOnThisCase(requestId)];
  switch (entry.status) {
    case 'released':
      return [alreadyReleased];
    case 'blocked':
      return [{ type: 'NotPossible', message: `nothing may be sent: ${entry.blockedReason}` }];
    case 'awaiting_decision':
      return [
        {
          type: 'NotPossible',
          message: 'nothing may be sent until the survivor consents or a manager approves a lawful basis',
        },
      ];
    case 'authorised':
      return [];
  }
}

/** Only a consent given, and not yet withdrawn, can be withdrawn. */
export function consentWithdrawalRefusals(state: Pick<CaseState, 'sharing'>, consentId: string): Refusal[] {
  const consent = state.sharing.consents.find((candidate) => candidate.id === consentId);
  if (!consent) return [{ type: 'NotPossible', message: `no consent ${consentId} on this case` }];
  if (consent.decision !== 'given')
    return [{ type: 'NotPossible', message: 'only a consent that was given can be withdrawn' }];
  if (consent.withdrawnAt)
    return [{ type: 'NotPossible', message: `this consent was already withdrawn at ${consent.withdrawnAt}` }];
  return [];
}

/** The survivor is told of a release once, where the decision was to tell them, and only by a safe way. */
export function survivorToldOfSharingRefusals(
  state: Pick<CaseState, 'sharing' | 'disclosure' | 'safeContact'>,
  told: SurvivorToldOfSharingCommand,
): Refusal[] {
  const entry = findSharingRequest(state, told.requestId);
  if (!entry) return [notOnThisCase(told.requestId)];
  if (!entry.release) return [{ type: 'NotPossible', message: 'nothing has been released yet' }];
  if (!entry.release.tellSurvivor)
    return [{ type: 'NotPossible', message: 'the decision recorded was not to tell the survivor of this sharing' }];
  if (entry.survivorTold)
    return [{ type: 'NotPossible', message: `the survivor was told of this sharing at ${entry.survivorTold.at}` }];
  return safeContactRefusals(currentSafeContact(state), told);
}
