import type { PolicyProfile } from '../../policy/profile';
import { isAtLeast, type Actor } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import type { PerpetratorReferralCommand } from '../commands';
import type { DashAssessment } from '../risk';

/** A partner agency's DASH stands in for the organisation's own only where its policy says so. */
export function dashRefusals(
  profile: Pick<PolicyProfile, 'risk'>,
  assessment: Pick<DashAssessment, 'kind'>,
): Refusal[] {
  if (assessment.kind === 'partner_agency' && !profile.risk.partnerDashAccepted) {
    return [
      {
        type: 'NotPossible',
        message: "this organisation's policy does not accept a partner agency's DASH in place of its own",
      },
    ];
  }
  return [];
}

/** A perpetrator is referred only along a route the organisation's policy uses. */
export function perpetratorRouteRefusals(
  profile: Pick<PolicyProfile, 'referralRoutes' | 'organisationName'>,
  route: PerpetratorReferralCommand['route'],
): Refusal[] {
  if (profile.referralRoutes[route]) return [];
  return [
    { type: 'NotPossible', message: `${route.toUpperCase()} is not a route ${profile.organisationName}'s policy uses` },
  ];
}

export function managerReviewRefusals(actor: Actor): Refusal[] {
  if (isAtLeast(actor.role, 'manager')) return [];
  return [{ type: 'NotPermitted', message: 'a case review is recorded by a manager, DA lead or head of service' }];
}
