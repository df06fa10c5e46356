import type { CaseView } from '../case/state';

/*
 * What a reporting pack counts of a case, beyond the listing projection: how the disclosure came
 * in, when the survivor was first reached, when the case closed, and the dated events a pack counts
 * in its period. Computed in workflow code from the case's own state (pure; no I/O) and written by
 * the projectCase activity with the projection (src/reporting/facts-repository.ts). Categories and
 * times only: no reference, no name, no narrative.
 */

/** Where a dated event came from in the case's state; with its position there it keys the event, so a rewrite adds nothing. */
export const CASE_REPORT_EVENT_SOURCES = [
  'safeguarding_referral',
  'safeguarding_child',
  'perpetrator_action',
  'perpetrator_referral',
  'reopening',
] as const;
export type CaseReportEventSource = (typeof CASE_REPORT_EVENT_SOURCES)[number];

export interface CaseReportEvent {
  source: CaseReportEventSource;
  /** the entry's position in its list in the case's state (0, 1, …) */
  ordinal: number;
  /** what it was: the safeguarding subject (child, adult_at_risk), the perpetrator action's kind, the referral's route, the reopening's kind */
  kind: string;
  at: string;
}

export interface CaseReportFacts {
  channel: string;
  reporter: string;
  /** the first contact attempt that reached the survivor; null until one does */
  firstContactAt: string | null;
  /** when the current closure was made; null while the case is open (a reopened case is open) */
  closedAt: string | null;
  /** children in the household or an adult at risk: a safeguarding referral is called for */
  safeguardingConcern: boolean;
  /** opened to follow the survivor's earlier closed case (repeat victimisation) */
  followsEarlierCase: boolean;
  events: CaseReportEvent[];
}

export function caseReportFactsOf(view: CaseView): CaseReportFacts {
  const reached = view.contactAttempts.filter((attempt) => attempt.outcome === 'reached').map((attempt) => attempt.at);
  const events: CaseReportEvent[] = [
    ...view.safeguardingReferrals.map((referral, ordinal) => ({
      source: 'safeguarding_referral' as const,
      ordinal,
      kind: referral.subject,
      at: referral.at,
    })),
    // A safeguarding referral child's referral, once made: one event per subject, keyed by the child's place.
    ...view.children.flatMap((child, position) =>
      (child.referralMade?.subjects ?? []).map((subject, index) => ({
        source: 'safeguarding_child' as const,
        ordinal: position * 10 + index,
        kind: subject,
        at: child.referralMade!.at,
      })),
    ),
    ...(view.perpetratorActions ?? []).map((action, ordinal) => ({
      source: 'perpetrator_action' as const,
      ordinal,
      kind: action.kind,
      at: action.at,
    })),
    ...(view.perpetratorReferrals ?? []).map((referral, ordinal) => ({
      source: 'perpetrator_referral' as const,
      ordinal,
      kind: referral.route,
      at: referral.at,
    })),
    ...(view.reopenings ?? []).map((reopening, ordinal) => ({
      source: 'reopening' as const,
      ordinal,
      kind: reopening.kind,
      at: reopening.at,
    })),
  ];
  return {
    channel: view.disclosure.channel,
    reporter: view.disclosure.reporter,
    firstContactAt: reached.length === 0 ? null : reached.reduce((first, at) => (at < first ? at : first)),
    closedAt: view.status === 'closed' ? (view.closure?.at ?? view.updatedAt) : null,
    safeguardingConcern: view.disclosure.survivor.childrenInHousehold || view.disclosure.survivor.adultAtRisk,
    followsEarlierCase: view.disclosure.linkedToCaseId !== undefined,
    events,
  };
}
