import type { MaracResearch } from '../../children/marac/commands';
import type { CaseView } from '../state';
import { AGENCY_NAME_MAX } from '../../platform/text';

/** The agencies working with the case, as the case records them (sharing, referrals, owners of actions), each once. */
export function agenciesInvolved(view: CaseView): string[] {
  const named = [
    ...view.sharing.requests.filter((entry) => entry.release).map((entry) => entry.request.agency),
    ...view.safeguardingReferrals.map((referral) => referral.agency),
    ...(view.perpetratorReferrals ?? []).map((referral) => referral.agency),
    ...(view.perpetratorActions ?? []).map((action) => action.owner.agency),
    ...(view.safetyPlan?.measures ?? []).map((measure) => measure.owner.agency),
  ];
  const byName = new Map<string, string>();
  for (const agency of named) {
    // names recorded before agency names were bounded are cut to the bound the research takes
    const trimmed = agency?.trim().slice(0, AGENCY_NAME_MAX);
    if (trimmed) byName.set(trimmed.toLowerCase(), byName.get(trimmed.toLowerCase()) ?? trimmed);
  }
  return [...byName.values()].sort((a, b) => a.localeCompare(b));
}

/**
 * The SafeLives referral form's research, answered from the case: the risk summary, the household,
 * repeat incidents and the agencies involved. Facts only: no names, no addresses, no free text.
 */
export function maracResearchOf(view: CaseView): MaracResearch {
  const latest = view.assessments.at(-1);
  const callOuts = view.risk.reasons.find((reason) => reason.kind === 'potential_escalation');
  return {
    riskSummary: {
      level: view.risk.level,
      ...(latest?.yesCount != null && { dashYesCount: latest.yesCount }),
      ...(view.risk.assessedAt !== undefined && { assessedAt: view.risk.assessedAt }),
      reasons: [...new Set(view.risk.reasons.map((reason) => reason.kind))],
      ...(callOuts && { policeCallOutsLast12Months: callOuts.policeCallOuts }),
    },
    childrenInHousehold: view.disclosure.survivor.childrenInHousehold,
    adultAtRisk: view.disclosure.survivor.adultAtRisk,
    repeatIncidentsLast12Months: view.repeatIncidents.inLast12Months,
    agenciesInvolved: agenciesInvolved(view).slice(0, 100),
  };
}
