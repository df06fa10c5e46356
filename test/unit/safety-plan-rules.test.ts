import {
  isPlanReviewSatisfied,
  measuresOf,
  planReviewDues,
  reviewDateProblem,
  reviewedMeasures,
  safetyPlanRefusals,
  safetyPlanReviewRefusals,
  upgradedSafetyPlan,
} from '../../src/case/rules/safety-plan';
import { safetyPlanCommand, safetyPlanReviewCommand } from '../../src/case/commands';
import { safetyPlanPolicyOf } from '../../src/policy/safety-plan';
import type { PolicyProfile } from '../../src/policy';
import type { SafetyPlan } from '../../src/case/state';
import { shippedProfile } from '../support/profiles';

const kent = safetyPlanPolicyOf(shippedProfile('kent-housing'));
const officer = { staffId: 'officer-ada', role: 'caseworker' } as const;
const now = '2031-03-10T10:00:00.000Z';

const plan = (measures: SafetyPlan['measures'], extra: Partial<SafetyPlan> = {}): SafetyPlan => ({
  agreedAt: '2031-03-10T09:00:00.000Z',
  by: 'officer-ada',
  measures,
  reviews: [],
  ...extra,
});

describe('safety plans from the profile', () => {
  it('quotes each provider’s own options, and none where its policy names none', () => {
    expect(Object.keys(safetyPlanPolicyOf(shippedProfile('ssj')).measures)).toEqual(
      expect.arrayContaining(['safe_word', 'visitor_exclusion', 'bank_card_held', 'ost_monitoring', 'marm']),
    );
    expect(Object.keys(kent.measures)).toEqual(
      expect.arrayContaining(['safer_scheme', 'extra_locks', 'security_lighting', 'panic_alarm']),
    );
    expect(safetyPlanPolicyOf(shippedProfile('connect')).measures).toEqual({});
    expect(shippedProfile('kent-housing').provenance['safetyPlan.measures.panic_alarm']).toMatchObject({
      source: 'policy',
      reference: 'signposting to the police for panic alarms',
    });
    expect(shippedProfile('ssj').provenance['safetyPlan.reviewAfter']).toEqual({ source: 'platform_default' });
  });

  it('defaults the section for a profile recorded in a case before it existed', () => {
    const { safetyPlan: _none, ...older } = shippedProfile('ssj');
    expect(safetyPlanPolicyOf(older as PolicyProfile)).toEqual({
      measures: {},
      reviewAfter: { unit: 'calendar_days', amount: 28 },
    });
  });

  it('makes measures of options, free text and the old strings, each with an owner', () => {
    const command = safetyPlanCommand.parse({
      actor: officer,
      agreedWithSurvivor: true,
      measures: [
        { option: 'panic_alarm', owner: { agency: 'Fictional Police', role: 'Neighbourhood team' } },
        { text: 'Keep a charged phone in the bathroom', reviewBy: '2031-03-20' },
        'A free-text measure as histories before options carry it',
      ],
    });
    expect(measuresOf(command.measures, kent, officer.staffId)).toEqual([
      {
        id: 'm1',
        option: 'panic_alarm',
        label: kent.measures.panic_alarm,
        owner: { agency: 'Fictional Police', role: 'Neighbourhood team' },
        status: 'active',
      },
      {
        id: 'm2',
        text: 'Keep a charged phone in the bathroom',
        owner: { staffId: 'officer-ada' },
        reviewBy: '2031-03-20',
        status: 'active',
      },
      {
        id: 'm3',
        text: 'A free-text measure as histories before options carry it',
        owner: { staffId: 'officer-ada' },
        status: 'active',
      },
    ]);
  });

  it('bounds what a measure says: an option or text, one kind of owner', () => {
    const issues = (measure: unknown) =>
      safetyPlanCommand
        .safeParse({ actor: officer, agreedWithSurvivor: true, measures: [measure] })
        .error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues({ owner: { staffId: 'x' } })).toEqual([
      "measures.0.option: choose one of the profile's safety-plan options, or describe the measure in text",
    ]);
    expect(issues({ text: 'x', owner: { staffId: 'x', agency: 'Police', role: 'PC' } })).toEqual([
      'measures.0.owner: name either a member of staff (staffId) or an agency (agency and role)',
      'measures.0.owner.role: a role is named only with an agency',
    ]);
    expect(issues({ text: 'x', owner: { agency: 'Police' } })).toEqual([
      'measures.0.owner.role: name the role at the agency that owns the measure',
    ]);
    expect(issues({ text: 'x'.repeat(201) })).toEqual(['measures.0.text: keep it to 200 characters']);
    expect(issues({ text: 'x', reviewBy: 'next week' })).toEqual([
      'measures.0.reviewBy: expected a date written YYYY-MM-DD or an ISO 8601 date-time with an offset, between 2000 and 2099',
    ]);
  });

  it('refuses an option the profile does not name, saying which field and which options there are', () => {
    const measures = [{ text: 'a' }, { option: 'extra_locks' }, { option: 'sanctuary' }];
    expect(safetyPlanRefusals(kent, 'Kent housing provider', measures, now)).toEqual([
      {
        type: 'InvalidCommand',
        message: `measures[2].option: "sanctuary" is not one of Kent housing provider's safety-plan options (${Object.keys(kent.measures).join(', ')}); describe any other measure in text`,
        field: 'measures.2.option',
      },
    ]);
    expect(
      safetyPlanRefusals(safetyPlanPolicyOf(shippedProfile('connect')), 'Connect', [{ option: 'x' }], now),
    ).toEqual([
      {
        type: 'InvalidCommand',
        message: "measures[0].option: Connect's policy names no safety-plan options; describe the measure in text",
        field: 'measures.0.option',
      },
    ]);
  });

  it('takes a review date in the future and within a year', () => {
    expect(reviewDateProblem('2031-03-10', now)).toBeUndefined(); // today: it ends tonight
    expect(reviewDateProblem('2031-03-09', now)).toBe(`must be in the future (it is now ${now})`);
    expect(reviewDateProblem('2031-03-10T09:00:00Z', now)).toBe(`must be in the future (it is now ${now})`);
    expect(reviewDateProblem('2032-06-01', now)).toBe('must be within 366 days');
    expect(
      safetyPlanRefusals(kent, 'Kent', [{ text: 'a', reviewBy: '2031-01-01' }], now).map((r) => r.message),
    ).toEqual([`measures[0].reviewBy: must be in the future (it is now ${now})`]);
  });

  it('starts a review on the interval for undated measures and one at the earliest date given', () => {
    const owner = { staffId: 'officer-ada' };
    expect(planReviewDues([{ id: 'm1', text: 'a', owner, status: 'active' }])).toEqual({ onInterval: true });
    expect(
      planReviewDues([
        { id: 'm1', text: 'a', owner, reviewBy: '2031-04-01', status: 'active' },
        { id: 'm2', text: 'b', owner, reviewBy: '2031-03-20T12:00:00Z', status: 'active' },
        { id: 'm3', text: 'c', owner, status: 'ended' },
      ]),
    ).toEqual({
      onInterval: false,
      fixed: { kind: 'instant', at: '2031-03-20T12:00:00Z', setBy: 'the safety plan' },
    });
    expect(planReviewDues([{ id: 'm1', text: 'a', owner, reviewBy: '2031-04-01', status: 'active' }]).fixed).toEqual({
      kind: 'close_of_business',
      date: '2031-04-01',
      setBy: 'the safety plan',
    });
    expect(planReviewDues([{ id: 'm1', text: 'a', owner, status: 'ended' }])).toEqual({ onInterval: false });
  });

  it('has a review answer for every measure still in the plan, once', () => {
    const owner = { staffId: 'officer-ada' };
    const current = plan([
      { id: 'm1', text: 'a', owner, status: 'active' },
      { id: 'm2', text: 'b', owner, status: 'active' },
      { id: 'm3', text: 'c', owner, status: 'ended' },
    ]);
    const review = (measures: unknown[]) =>
      safetyPlanReviewCommand.parse({ actor: officer, agreedWithSurvivor: true, measures });
    expect(safetyPlanReviewRefusals(undefined, review([{ measureId: 'm1', outcome: 'kept' }]), now)).toEqual([
      { type: 'NotPossible', message: 'the case has no safety plan to review' },
    ]);
    expect(
      safetyPlanReviewRefusals(
        current,
        review([
          { measureId: 'm1', outcome: 'kept', text: 'new' },
          { measureId: 'm1', outcome: 'ended' },
          { measureId: 'm3', outcome: 'kept' },
        ]),
        now,
      ).map((refusal) => refusal.message),
    ).toEqual([
      'measures[0].outcome: a measure whose text or owner changes is "changed", not "kept"',
      'measures[1].measureId: "m1" is named twice',
      'measures[2].measureId: "m3" is not a measure still in the plan (m1, m2)',
      'measures: say what becomes of every measure still in the plan (missing m2)',
    ]);
    const ok = review([
      { measureId: 'm1', outcome: 'changed', text: 'a, changed', reviewBy: '2031-04-01' },
      { measureId: 'm2', outcome: 'ended' },
    ]);
    expect(safetyPlanReviewRefusals(current, ok, now)).toEqual([]);
    expect(reviewedMeasures(current, ok)).toEqual([
      { id: 'm1', text: 'a, changed', owner, reviewBy: '2031-04-01', status: 'active' },
      { id: 'm2', text: 'b', owner, status: 'ended' },
      { id: 'm3', text: 'c', owner, status: 'ended' },
    ]);
    // a kept measure's old date is spent: it is next reviewed on the interval unless given a new one
    expect(
      reviewedMeasures(plan([{ id: 'm1', text: 'a', owner, reviewBy: '2031-03-11', status: 'active' }]), {
        measures: [{ measureId: 'm1', outcome: 'kept' }],
      }),
    ).toEqual([{ id: 'm1', text: 'a', owner, status: 'active' }]);
  });

  it('meets a review deadline by a review after it started, or a new plan agreed since', () => {
    const deadline = { startedAt: '2031-03-10T09:00:00.000Z' };
    const measures = [{ id: 'm1', text: 'a', owner: { staffId: 'x' }, status: 'active' as const }];
    expect(isPlanReviewSatisfied(deadline, undefined)).toBe(false);
    expect(isPlanReviewSatisfied(deadline, plan(measures))).toBe(false); // the plan that started it
    expect(
      isPlanReviewSatisfied(
        deadline,
        plan(measures, { reviews: [{ at: '2031-03-12T09:00:00.000Z', by: 'x', outcomes: [] }] }),
      ),
    ).toBe(true);
    expect(isPlanReviewSatisfied(deadline, plan(measures, { agreedAt: '2031-03-11T09:00:00.000Z' }))).toBe(true);
  });

  it('reads a plan carried from before options, whose measures were strings, in today’s shape', () => {
    const old = { agreedAt: '2030-01-01T00:00:00.000Z', by: 'officer-ada', measures: ['a', 'b'] };
    expect(upgradedSafetyPlan(old as unknown as SafetyPlan)).toEqual({
      ...old,
      measures: [
        { id: 'm1', text: 'a', owner: { staffId: 'officer-ada' }, status: 'active' },
        { id: 'm2', text: 'b', owner: { staffId: 'officer-ada' }, status: 'active' },
      ],
    });
  });
});
