import type { ComplianceGroup } from '../audit/report';
import type { ReportingPackKind } from '../policy/profile';
import type { CaseFigures } from './figures';
import type { PackPeriod } from './periods';
import { suppressBreakdown, suppressCount, suppressStatistic, type ShownCount } from './suppression';

/**
 * A reporting pack as it is stored and served: the period's case figures and compliance counts,
 * every count already suppressed (src/reporting/suppression.ts). Rates are left out: a rate of a
 * few cases is as telling as their count; the counts shown are what a reader divides.
 */

export const PACK_FORMAT = 'da-reporting-pack/v1';

type Shown<T> = T extends number ? ShownCount : T extends null ? null : { [K in keyof T]: Shown<T[K]> };

export interface ReportingPack {
  format: typeof PACK_FORMAT;
  packId: string;
  organisationId: string;
  policyProfile: string;
  kind: ReportingPackKind;
  period: PackPeriod;
  generatedAt: string;
  suppression: { threshold: number; rule: string };
  cases: Shown<Omit<CaseFigures, 'firstContact'>> & {
    /** without the count reached: it is the sum of three bands, and would give a hidden one away */
    firstContact: Shown<Pick<CaseFigures['firstContact'], 'bands'>> & { medianHours: number | null };
  };
  /** the compliance report's counts (GET /reports/compliance), one group per policy profile the cases ran under */
  compliance: ShownComplianceGroup[];
}

export type ShownComplianceGroup = { policyProfile: string } & Record<string, unknown>;

export const suppressionRule = (threshold: number): string =>
  `counts from 1 to ${threshold - 1} are shown as "<${threshold}"; where one count of a breakdown is hidden, the next smallest is hidden too, and a count that is part of a hidden one is hidden with it; a median of fewer than ${threshold} cases is not shown`;

/** Every count of a section, each alone; rates (…Rate) dropped. */
function suppressSection(section: object, threshold: number): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(section)) {
    if (key.endsWith('Rate')) continue;
    if (typeof value === 'number') shown[key] = suppressCount(value, threshold);
    else if (value !== null && typeof value === 'object') shown[key] = suppressSection(value, threshold);
    else shown[key] = value;
  }
  return shown;
}

/**
 * The counts of a section that add up to one of its shown counts (a timescale's deadlines by status,
 * works orders by outcome, rehousing workflows by outcome), suppressed as a breakdown so that no
 * hidden one is the total less the others; the rest alone.
 */
function suppressParts<Section extends object>(
  section: Section,
  parts: readonly (keyof Section & string)[],
  threshold: number,
  /** a count that is part of one of the parts (within 24 hours, of completed): hidden when that part is */
  subsets: Partial<Record<keyof Section & string, keyof Section & string>> = {},
): Record<string, unknown> {
  const values = section as Record<string, unknown>;
  const counts = Object.fromEntries(parts.map((part) => [part, values[part] as number]));
  const shown = { ...suppressSection(section, threshold), ...suppressBreakdown(counts, threshold) };
  for (const [subset, part] of Object.entries(subsets) as [string, string][])
    if (typeof shown[part] === 'string' && values[subset] !== 0) shown[subset] = shown[part];
  return shown;
}

const TIMESCALE_STATUSES = ['met', 'metLate', 'overdue', 'pending', 'cancelled'] as const;

export function suppressComplianceGroup(group: ComplianceGroup, threshold: number): ShownComplianceGroup {
  return {
    policyProfile: group.policyProfile,
    timescales: Object.fromEntries(
      Object.entries(group.timescales).map(([task, timescale]) => [
        task,
        suppressParts(timescale, TIMESCALE_STATUSES, threshold),
      ]),
    ),
    escalations: {
      total: suppressCount(group.escalations.total, threshold),
      byRung: suppressBreakdown(group.escalations.byRung, threshold),
    },
    marac: suppressSection(group.marac, threshold),
    repairs: suppressParts(group.repairs, ['completed', 'open', 'settledWithoutCompletion'], threshold, {
      completedWithin24Hours: 'completed',
    }),
    rehousing: suppressParts(group.rehousing, ['moved', 'inProgress', 'endedWithoutMove'], threshold, {
      movedOnScheduledDate: 'moved',
    }),
    releases: {
      withConsent: suppressCount(group.releases.withConsent, threshold),
      withoutConsent: suppressCount(group.releases.withoutConsent, threshold),
      withoutConsentByBasis: suppressBreakdown(group.releases.withoutConsentByBasis, threshold),
    },
  };
}

export function suppressCaseFigures(figures: CaseFigures, threshold: number): ReportingPack['cases'] {
  const count = (n: number) => suppressCount(n, threshold);
  const breakdown = <Key extends string>(counts: Record<Key, number>) => suppressBreakdown(counts, threshold);
  const { volumes, repeatVictimisation, safeguarding, perpetrator, firstContact } = figures;
  return {
    volumes: {
      opened: count(volumes.opened),
      closed: count(volumes.closed),
      openAtStart: count(volumes.openAtStart),
      openAtEnd: count(volumes.openAtEnd),
      byRisk: breakdown(volumes.byRisk),
      byChannel: breakdown(volumes.byChannel),
      byReporter: breakdown(volumes.byReporter),
      byArea: breakdown(volumes.byArea),
    },
    repeatVictimisation: {
      openedFollowingEarlierCase: count(repeatVictimisation.openedFollowingEarlierCase),
      reopened: count(repeatVictimisation.reopened),
      repeatMaracReferrals: count(repeatVictimisation.repeatMaracReferrals),
    },
    safeguarding: {
      openedWithConcern: count(safeguarding.openedWithConcern),
      concernWithoutReferral: count(safeguarding.concernWithoutReferral),
      referrals: breakdown(safeguarding.referrals),
      referralsTotal: count(safeguarding.referralsTotal),
    },
    perpetrator: {
      actions: breakdown(perpetrator.actions),
      actionsTotal: count(perpetrator.actionsTotal),
      referrals: breakdown(perpetrator.referrals),
      referralsTotal: count(perpetrator.referralsTotal),
    },
    firstContact: {
      bands: breakdown(firstContact.bands),
      medianHours: suppressStatistic(firstContact.medianHours, firstContact.reached, threshold),
    },
  };
}

/** The pack from raw figures: nothing below the threshold survives this. */
export function assemblePack(input: {
  packId: string;
  organisationId: string;
  policyProfile: string;
  period: PackPeriod;
  threshold: number;
  generatedAt: string;
  cases: CaseFigures;
  compliance: ComplianceGroup[];
}): ReportingPack {
  return {
    format: PACK_FORMAT,
    packId: input.packId,
    organisationId: input.organisationId,
    policyProfile: input.policyProfile,
    kind: input.period.kind,
    period: input.period,
    generatedAt: input.generatedAt,
    suppression: { threshold: input.threshold, rule: suppressionRule(input.threshold) },
    cases: suppressCaseFigures(input.cases, input.threshold),
    compliance: input.compliance.map((group) => suppressComplianceGroup(group, input.threshold)),
  };
}
