import { PERPETRATOR_REFERRAL_ROUTES, type PolicyProfile } from './profile';

type PerpetratorActions = PolicyProfile['perpetratorActions'];

/**
 * The perpetrator actions of a profile; profiles recorded in a case's history before they existed
 * allow the perpetrator referral routes they named (MATAC, MAPPA, DAPP), as they did then.
 */
export function perpetratorActionsOf(profile: PolicyProfile): PerpetratorActions {
  const recorded = (profile as Partial<PolicyProfile>).perpetratorActions;
  if (recorded) return recorded;
  return Object.fromEntries(
    PERPETRATOR_REFERRAL_ROUTES.flatMap((route) => {
      const note = profile.referralRoutes[route];
      return note ? [[route, note]] : [];
    }),
  );
}
