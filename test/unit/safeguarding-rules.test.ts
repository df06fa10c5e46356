import {
  acknowledgementRefusals,
  householdSafeguardingSubjects,
  isSafeguardingDeadlineMet,
  makeReferralRefusals,
  outcomeRefusals,
  reviewRefusals,
  safeguardingActionRefusals,
  safeguardingDone,
  safeguardingLawfulBasis,
  safeguardingReferralMadeByChild,
  safeguardingStatus,
} from '../../src/children/safeguarding/rules';
import type { SafeguardingState } from '../../src/children/safeguarding/state';
import type { Deadline } from '../../src/deadlines/deadline';
import { CHILD_ENTRY_LIMITS } from '../../src/platform/workflow/bounds';
import { DEFAULT_SAFEGUARDING_POLICY, safeguardingLadder, safeguardingPolicyOf } from '../../src/policy/safeguarding';
import { shippedProfile } from '../support/profiles';

const raisedAt = '2025-03-03T09:00:00.000Z';
const now = '2025-03-04T09:00:00.000Z';
const messages = (refusals: { message: string }[]) => refusals.map((refusal) => refusal.message);
const deadline = (task: string, overrides: Partial<Deadline> = {}): Deadline =>
  ({ id: `${task}-1`, task, startedAt: raisedAt, status: 'pending', escalations: [], ...overrides }) as Deadline;

const toRefer = (): SafeguardingState => ({
  referralId: 'referral-1',
  reason: 'household',
  subjects: ['child'],
  raisedAt,
  status: 'to_refer',
  reviews: [],
  deadlines: [],
  alerts: [],
});
const referred = (): SafeguardingState => ({
  ...toRefer(),
  referral: {
    at: now,
    by: 'officer-1',
    agency: 'Fictional Children’s Services',
    agencyReference: 'MASH-1',
    survivorInformed: true,
    lawfulBasis: 'safeguarding_child',
  },
});
const acknowledged = (): SafeguardingState => ({
  ...referred(),
  acknowledgement: { at: now, localAuthorityReference: 'LA-1' },
});
const closed = (): SafeguardingState => ({
  ...acknowledged(),
  outcome: { at: now, localAuthorityReference: 'LA-1', outcome: 'early_help' },
});

describe('a safeguarding referral', () => {
  it('is called for by children or an adult at risk in the household, on the lawful basis of the first', () => {
    expect(householdSafeguardingSubjects({ childrenInHousehold: false })).toEqual([]);
    expect(householdSafeguardingSubjects({ childrenInHousehold: true, adultAtRisk: false })).toEqual(['child']);
    expect(householdSafeguardingSubjects({ childrenInHousehold: true, adultAtRisk: true })).toEqual([
      'child',
      'adult_at_risk',
    ]);
    expect(safeguardingLawfulBasis(['child', 'adult_at_risk'])).toBe('safeguarding_child');
    expect(safeguardingLawfulBasis(['adult_at_risk'])).toBe('safeguarding_adult_at_risk');
  });

  it('stands where its latest step puts it, and is done at the outcome', () => {
    expect([toRefer(), referred(), acknowledged(), closed()].map(safeguardingStatus)).toEqual([
      'to_refer',
      'referred',
      'acknowledged',
      'completed',
    ]);
    expect(safeguardingStatus({ ...referred(), settled: { at: now, reason: 'case_closed' } })).toBe('settled');
    expect(safeguardingDone(acknowledged())).toBe(false);
    expect(safeguardingDone(closed())).toBe(true);
  });

  it('tells the case it was made once its child reports a status past to_refer', () => {
    expect(safeguardingReferralMadeByChild([{ kind: 'safeguarding', status: 'to_refer' }])).toBe(false);
    expect(safeguardingReferralMadeByChild([{ kind: 'safeguarding', status: 'settled' }])).toBe(false);
    expect(safeguardingReferralMadeByChild([{ kind: 'marac', status: 'completed' }])).toBe(false);
    expect(safeguardingReferralMadeByChild([{ kind: 'safeguarding', status: 'acknowledged' }])).toBe(true);
  });

  it('meets its deadline by being made, and each review deadline by the review of its number', () => {
    expect(isSafeguardingDeadlineMet(deadline('safeguardingReferral'), toRefer())).toBe(false);
    expect(isSafeguardingDeadlineMet(deadline('safeguardingReferral'), referred())).toBe(true);
    const reviewed = { ...referred(), reviews: [{ at: now, by: 'officer-1', summary: 'chased' }] };
    expect(isSafeguardingDeadlineMet(deadline('safeguardingReview', { subjectId: '1' }), reviewed)).toBe(true);
    expect(isSafeguardingDeadlineMet(deadline('safeguardingReview', { subjectId: '2' }), reviewed)).toBe(false);
  });

  it('is made once, reviewed only once made and while there is room', () => {
    expect(makeReferralRefusals(toRefer())).toEqual([]);
    expect(messages(makeReferralRefusals(referred()))).toEqual([`the referral was already made at ${now}`]);
    expect(messages(reviewRefusals(toRefer()))).toEqual(['the referral has not been made yet']);
    expect(reviewRefusals(referred())).toEqual([]);
    const full = {
      ...referred(),
      reviews: Array.from({ length: CHILD_ENTRY_LIMITS.safeguardingReviews }, () => ({
        at: now,
        by: 'officer-1',
        summary: 'chased',
      })),
    };
    expect(reviewRefusals(full)).toHaveLength(1);
    expect(messages(safeguardingActionRefusals(closed()))).toEqual([`the local authority gave its outcome at ${now}`]);
    expect(messages(safeguardingActionRefusals({ ...toRefer(), settled: { at: now, reason: 'case_closed' } }))).toEqual(
      ['the referral was settled when the case closed'],
    );
  });

  it('takes the local authority’s acknowledgement and outcome only for a referral made, under one reference', () => {
    expect(messages(acknowledgementRefusals(toRefer(), 'LA-1'))).toEqual(['the referral has not been made yet']);
    expect(acknowledgementRefusals(referred(), 'LA-1')).toEqual([]);
    expect(acknowledgementRefusals(acknowledged(), 'LA-1')).toEqual([]);
    expect(messages(acknowledgementRefusals(acknowledged(), 'LA-2'))).toEqual([
      'the referral was already acknowledged under reference LA-1',
    ]);
    const outcome = { localAuthorityReference: 'LA-1', outcome: 'early_help' } as const;
    expect(messages(outcomeRefusals(toRefer(), outcome))).toEqual(['the referral has not been made yet']);
    // an outcome may come without an acknowledgement first
    expect(outcomeRefusals(referred(), outcome)).toEqual([]);
    expect(outcomeRefusals(acknowledged(), { ...outcome, localAuthorityReference: 'LA-2' })).toEqual([
      {
        type: 'InvalidCommand',
        message: 'localAuthorityReference: the referral was acknowledged under reference LA-1',
      },
    ]);
    expect(outcomeRefusals(closed(), outcome)).toEqual([]);
    expect(messages(outcomeRefusals(closed(), { ...outcome, outcome: 'child_in_need' }))).toEqual([
      `a different outcome was already recorded at ${now}`,
    ]);
  });
});

describe('the safeguarding policy of a profile', () => {
  it('defaults for a profile recorded before it existed, and escalates to the safeguarding role first, then the ladder', () => {
    const ssj = shippedProfile('ssj');
    expect(safeguardingPolicyOf(ssj).roleTitle).toBe('Safeguarding Lead');
    const { safeguarding: _omitted, ...older } = ssj;
    expect(safeguardingPolicyOf(older)).toEqual(DEFAULT_SAFEGUARDING_POLICY);
    const ladder = safeguardingLadder(ssj, false);
    expect(ladder[0]).toEqual({
      rung: 'safeguarding_lead',
      roleTitle: 'Safeguarding Lead',
      afterDeadline: { unit: 'calendar_hours', amount: 0 },
    });
    expect(ladder.slice(1)).toEqual(ssj.escalationLadder);
    expect(safeguardingLadder(ssj, true).slice(1)).toEqual(ssj.urgent.escalationLadder);
  });
});
