import { periodContaining, periodStartingOn, previousCompletePeriod } from '../../src/reporting/periods';
import { suppressBreakdown, suppressCount, suppressStatistic } from '../../src/reporting/suppression';
import { assemblePack, suppressComplianceGroup } from '../../src/reporting/pack';
import { packToCsv } from '../../src/reporting/csv';
import type { CaseFigures } from '../../src/reporting/figures';
import { caseReportFactsOf } from '../../src/reporting/facts';
import type { CaseView } from '../../src/case/state';
import type { ComplianceGroup } from '../../src/audit/report';
import { reportingPacksOf } from '../../src/policy/reporting-packs';
import type { PolicyProfile } from '../../src/policy';
import { shippedProfile, shippedProfiles } from '../support/profiles';

describe('reporting-pack periods (Europe/London)', () => {
  it('the previous complete month, whatever the hour on the 1st, across the clocks going back', () => {
    // 1 November 2026 00:30 UK (GMT since 25 October) is 00:30Z: October is the previous month.
    const october = previousCompletePeriod('monthly', '2026-11-01T00:30:00Z');
    expect(october).toEqual({
      kind: 'monthly',
      label: '2026-10',
      from: '2026-10-01',
      to: '2026-10-31',
      timeZone: 'Europe/London',
      // BST at the start (UTC+1), GMT at the end
      startsAt: '2026-09-30T23:00:00.000Z',
      endsBefore: '2026-11-01T00:00:00.000Z',
    });
    // 31 October 23:30Z is still October in the UK (GMT): September is the previous month.
    expect(previousCompletePeriod('monthly', '2026-10-31T23:30:00Z').label).toBe('2026-09');
    // 30 September 23:30Z is 1 October 00:30 BST: September is complete.
    expect(previousCompletePeriod('monthly', '2026-09-30T23:30:00Z').label).toBe('2026-09');
  });

  it('quarters and years, and January rolls back to the previous year', () => {
    expect(previousCompletePeriod('quarterly', '2027-01-01T02:00:00Z')).toMatchObject({
      label: '2026-Q4',
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(previousCompletePeriod('quarterly', '2026-05-17T12:00:00Z')).toMatchObject({
      label: '2026-Q1',
      from: '2026-01-01',
      to: '2026-03-31',
      endsBefore: '2026-03-31T23:00:00.000Z', // 1 April 00:00 BST
    });
    expect(previousCompletePeriod('annual', '2027-01-01T02:00:00Z')).toMatchObject({
      label: '2026',
      from: '2026-01-01',
      to: '2026-12-31',
      startsAt: '2026-01-01T00:00:00.000Z',
      endsBefore: '2027-01-01T00:00:00.000Z',
    });
    expect(previousCompletePeriod('monthly', '2027-01-15T09:00:00Z').label).toBe('2026-12');
    expect(periodContaining('monthly', new Date('2028-02-10T00:00:00Z'))).toMatchObject({ to: '2028-02-29' });
  });

  it('a period starts only on its own first day', () => {
    expect(periodStartingOn('quarterly', '2026-04-01')?.label).toBe('2026-Q2');
    expect(periodStartingOn('quarterly', '2026-05-01')).toBeUndefined();
    expect(periodStartingOn('monthly', '2026-05-02')).toBeUndefined();
    expect(periodStartingOn('annual', '2026-02-30')).toBeUndefined();
  });
});

describe('small-count suppression', () => {
  it('shows 0 and counts from the threshold up; hides 1 to threshold − 1', () => {
    expect([0, 1, 4, 5, 12].map((n) => suppressCount(n, 5))).toEqual([0, '<5', '<5', 5, 12]);
    expect(suppressCount(2, 3)).toBe('<3');
    expect(() => suppressCount(-1, 5)).toThrow(/whole number/);
    expect(() => suppressCount(1.5, 5)).toThrow(/whole number/);
    expect(() => suppressCount(3, 1)).toThrow(/threshold/);
  });

  it('hides a second count of a breakdown when one hidden count could be worked out from the total', () => {
    // total 7 is shown (7 ≥ 5): 1 could be 7 − 6, so 6 goes too
    expect(suppressBreakdown({ phone: 6, email: 1, web: 0 }, 5)).toEqual({ phone: '<5', email: '<5', web: 0 });
    // the smallest shown non-zero count is the one hidden with it
    expect(suppressBreakdown({ a: 20, b: 7, c: 2, d: 0 }, 5)).toEqual({ a: 20, b: '<5', c: '<5', d: 0 });
    // two hidden already: nothing more
    expect(suppressBreakdown({ a: 20, b: 3, c: 2 }, 5)).toEqual({ a: 20, b: '<5', c: '<5' });
    // nothing hidden, or the total itself small (so hidden wherever it is shown)
    expect(suppressBreakdown({ a: 5, b: 0 }, 5)).toEqual({ a: 5, b: 0 });
    expect(suppressBreakdown({ a: 3, b: 0 }, 5)).toEqual({ a: '<5', b: 0 });
  });

  it('a median of too few cases is not shown', () => {
    expect(suppressStatistic(6.5, 4, 5)).toBeNull();
    expect(suppressStatistic(6.5, 5, 5)).toBe(6.5);
    expect(suppressStatistic(null, 9, 5)).toBeNull();
  });
});

describe('reporting packs in the profiles', () => {
  it('Kent reports monthly and quarterly, Stonewater annually, others quarterly by default; threshold 5 throughout', () => {
    expect(shippedProfile('kent-housing').reportingPacks).toEqual({
      periods: ['monthly', 'quarterly'],
      smallCountThreshold: 5,
    });
    expect(shippedProfile('stonewater').reportingPacks).toEqual({ periods: ['annual'], smallCountThreshold: 5 });
    for (const id of ['ssj', 'connect']) expect(shippedProfile(id).reportingPacks.periods).toEqual(['quarterly']);
    expect(shippedProfile('kent-housing').provenance['reportingPacks.periods.0']).toMatchObject({ source: 'policy' });
    expect(shippedProfile('stonewater').provenance['reportingPacks.smallCountThreshold']).toEqual({
      source: 'platform_default',
    });
    expect(shippedProfiles.list().every((profile) => profile.reportingPacks.smallCountThreshold === 5)).toBe(true);
  });

  it('a profile recorded before reporting packs existed gets the platform default', () => {
    const { reportingPacks: _absent, ...recorded } = shippedProfile('kent-housing');
    expect(reportingPacksOf(recorded as PolicyProfile)).toEqual({ periods: ['quarterly'], smallCountThreshold: 5 });
  });
});

describe('a pack is assembled already suppressed', () => {
  const zeroes = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, 0]));
  const figures: CaseFigures = {
    volumes: {
      opened: 7,
      closed: 2,
      openAtStart: 0,
      openAtEnd: 5,
      byRisk: { unassessed: 0, standard: 5, medium: 0, high: 2 },
      byChannel: { ...zeroes(['face_to_face', 'web']), phone: 6, email: 1 },
      byReporter: { survivor: 7, neighbour: 0 },
      byArea: { no_area: 7 },
    },
    repeatVictimisation: { openedFollowingEarlierCase: 1, reopened: 0, repeatMaracReferrals: 0 },
    safeguarding: {
      openedWithConcern: 3,
      concernWithoutReferral: 1,
      referrals: { child: 2, adult_at_risk: 0 },
      referralsTotal: 2,
    },
    perpetrator: { actions: { dapp: 1 }, actionsTotal: 1, referrals: { matac: 0 }, referralsTotal: 0 },
    firstContact: {
      bands: { within24Hours: 5, within72Hours: 1, after72Hours: 0, notYetReached: 1, unknown: 0 },
      reached: 6,
      medianHours: 3.5,
    },
  };
  const pack = assemblePack({
    packId: '00000000-0000-4000-8000-000000000001',
    organisationId: 'kent-housing',
    policyProfile: 'kent-housing',
    period: previousCompletePeriod('monthly', '2026-12-01T02:00:00Z'),
    threshold: 5,
    generatedAt: '2026-12-01T02:00:05.000Z',
    cases: figures,
    compliance: [],
  });

  it('keeps no count from 1 to 4 anywhere', () => {
    const counts: unknown[] = [];
    JSON.stringify(pack.cases, (_key, value: unknown) => (typeof value === 'number' && counts.push(value), value));
    expect(counts.filter((n) => typeof n === 'number' && n > 0 && n < 5 && n !== 3.5)).toEqual([]);
    expect(pack.cases.volumes).toMatchObject({ opened: 7, closed: '<5', openAtEnd: 5 });
    expect(pack.cases.volumes.byRisk).toEqual({ unassessed: 0, standard: '<5', medium: 0, high: '<5' });
    expect(pack.cases.volumes.byChannel).toMatchObject({ phone: '<5', email: '<5', web: 0 });
    expect(pack.cases.firstContact.medianHours).toBe(3.5);
    expect(pack.suppression.rule).toMatch(/1 to 4 are shown as "<5"/);
  });

  it('as CSV: one figure per line, a suppressed count as "<5"', () => {
    const lines = packToCsv(pack).trimEnd().split('\r\n');
    expect(lines[0]).toBe('organisation_id,pack_kind,period,period_from,period_to,section,item,measure,value');
    expect(lines).toContain('kent-housing,monthly,2026-11,2026-11-01,2026-11-30,cases.volumes,all,opened,7');
    expect(lines).toContain('kent-housing,monthly,2026-11,2026-11-01,2026-11-30,cases.volumes,phone,by_channel,<5');
    expect(lines).toContain(
      'kent-housing,monthly,2026-11,2026-11-01,2026-11-30,cases.firstContact,all,median_hours,3.5',
    );
    expect(lines).toContain(
      'kent-housing,monthly,2026-11,2026-11-01,2026-11-30,cases.firstContact,within24Hours,bands,5',
    );
  });
});

describe('what the case projection carries for packs', () => {
  const view = (overrides: Record<string, unknown> = {}) =>
    ({
      status: 'open',
      updatedAt: '2026-11-20T10:00:00.000Z',
      disclosure: {
        channel: 'web',
        reporter: 'relative',
        survivor: { childrenInHousehold: false, adultAtRisk: true },
      },
      contactAttempts: [
        { at: '2026-11-03T09:00:00.000Z', outcome: 'not_reached' },
        { at: '2026-11-04T09:00:00.000Z', outcome: 'reached' },
        { at: '2026-11-02T09:00:00.000Z', outcome: 'unsafe_to_contact' },
        { at: '2026-11-05T09:00:00.000Z', outcome: 'reached' },
      ],
      safeguardingReferrals: [{ subject: 'adult_at_risk', agency: 'x', at: '2026-11-06T09:00:00.000Z', by: 'o' }],
      perpetratorActions: [{ kind: 'dapp', at: '2026-11-07T09:00:00.000Z' }],
      children: [],
      ...overrides,
    }) as unknown as CaseView;

  it('categories, the first time the survivor was reached, and dated events keyed by their place', () => {
    expect(caseReportFactsOf(view())).toEqual({
      channel: 'web',
      reporter: 'relative',
      firstContactAt: '2026-11-04T09:00:00.000Z',
      closedAt: null,
      safeguardingConcern: true,
      followsEarlierCase: false,
      events: [
        { source: 'safeguarding_referral', ordinal: 0, kind: 'adult_at_risk', at: '2026-11-06T09:00:00.000Z' },
        { source: 'perpetrator_action', ordinal: 0, kind: 'dapp', at: '2026-11-07T09:00:00.000Z' },
      ],
    });
  });

  it('a safeguarding referral workflow’s referral counts once made, one event per subject', () => {
    const children = [
      { kind: 'marac', status: 'submitted' },
      { kind: 'safeguarding', status: 'awaiting_referral' },
      {
        kind: 'safeguarding',
        status: 'referred',
        referralMade: { at: '2026-11-08T09:00:00.000Z', subjects: ['child', 'adult_at_risk'] },
      },
    ];
    expect(
      caseReportFactsOf(view({ children })).events.filter((event) => event.source === 'safeguarding_child'),
    ).toEqual([
      { source: 'safeguarding_child', ordinal: 20, kind: 'child', at: '2026-11-08T09:00:00.000Z' },
      { source: 'safeguarding_child', ordinal: 21, kind: 'adult_at_risk', at: '2026-11-08T09:00:00.000Z' },
    ]);
  });

  it('a closed case carries its closure; a case that followed an earlier one says so', () => {
    const closed = caseReportFactsOf(
      view({
        status: 'closed',
        closure: { at: '2026-11-30T16:00:00.000Z' },
        disclosure: { ...view().disclosure, linkedToCaseId: '00000000-0000-4000-8000-000000000009' },
        reopenings: [{ kind: 'new_incident', at: '2026-11-10T09:00:00.000Z' }],
      }),
    );
    expect(closed).toMatchObject({ closedAt: '2026-11-30T16:00:00.000Z', followsEarlierCase: true });
    expect(closed.events).toContainEqual({
      source: 'reopening',
      ordinal: 0,
      kind: 'new_incident',
      at: '2026-11-10T09:00:00.000Z',
    });
  });
});

describe('the compliance counts in a pack', () => {
  it('a timescale by status, works orders and rehousing by outcome are breakdowns of their totals, a part of a hidden count hidden with it; rates left out', () => {
    const timescale = {
      deadlines: 7,
      met: 6,
      metLate: 0,
      overdue: 1,
      pending: 0,
      cancelled: 0,
      escalated: 1,
      onTimeRate: 0.86,
    };
    const group = {
      organisationId: 'kent-housing',
      policyProfile: 'kent-housing',
      timescales: { initialContact: timescale },
      escalations: { total: 9, byRung: { line_manager: 8, da_lead: 1 } },
      marac: { referrals: 0, repeatReferrals: 0, repeatRate: null },
      repairs: {
        orders: 9,
        completed: 8,
        completedWithin24Hours: 8,
        open: 1,
        settledWithoutCompletion: 0,
        within24HoursRate: 0.9,
      },
      // moved 6 of 6 on the scheduled date: nothing hidden
      rehousing: { workflows: 6, moved: 6, movedOnScheduledDate: 6, inProgress: 0, endedWithoutMove: 0 },
      releases: { withConsent: 12, withoutConsent: 0, withoutConsentByBasis: { legal_duty: 0 } },
    } as unknown as ComplianceGroup;
    const shown = suppressComplianceGroup(group, 5) as Record<string, any>;
    expect(shown.timescales.initialContact).toEqual({
      deadlines: 7,
      met: '<5',
      metLate: 0,
      overdue: '<5',
      pending: 0,
      cancelled: 0,
      escalated: '<5',
    });
    expect(shown.escalations).toEqual({ total: 9, byRung: { line_manager: '<5', da_lead: '<5' } });
    expect(shown.repairs).toEqual({
      orders: 9,
      completed: '<5',
      completedWithin24Hours: '<5',
      open: '<5',
      settledWithoutCompletion: 0,
    });
    expect(shown.rehousing).toEqual({
      workflows: 6,
      moved: 6,
      movedOnScheduledDate: 6,
      inProgress: 0,
      endedWithoutMove: 0,
    });
    expect(shown.releases).toEqual({ withConsent: 12, withoutConsent: 0, withoutConsentByBasis: { legal_duty: 0 } });
  });
});
