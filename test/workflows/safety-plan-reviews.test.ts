import {
  recordContactAttemptUpdate,
  recordDashUpdate,
  recordSafetyPlanUpdate,
  reviewSafetyPlanUpdate,
} from '../../src/case/messages';
import type { CaseDeadline, CaseView } from '../../src/case/state';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';
import { shippedProfile } from '../support/profiles';

/**
 * A safety plan of the Kent provider's options on the time-skipping server: each measure's review is
 * a deadline on the ladder (the Community Safety Manager at the deadline, then the head of service),
 * a review of the plan meets it, and a risk reassessment calls for the next.
 */
const kent = shippedProfile('kent-housing');

const reviewDeadlines = (view: CaseView): CaseDeadline[] =>
  view.deadlines.filter((deadline) => deadline.task === 'safetyPlanReview');

describe('safety-plan reviews on the escalation ladder', () => {
  const harness = useCaseHarness();

  it('escalates a measure’s missed review, is met by a review of the plan, and asks for one after a reassessment', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'kent-housing' } });
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(recordContactAttemptUpdate, {
      args: [{ actor: staff.officer, outcome: 'reached', channel: 'phone' }],
    });
    await handle.executeUpdate(recordDashUpdate, {
      args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 6, policeCallOutsLast12Months: 0 } }],
    });

    // An option the profile does not name is refused, naming the field and the options there are.
    const unknown = await refusal(
      handle.executeUpdate(recordSafetyPlanUpdate, {
        args: [
          {
            actor: staff.officer,
            measures: [{ option: 'panic_alarm' }, { text: 'Keep a charged phone' }, { option: 'sanctuary' }],
            agreedWithSurvivor: true,
          },
        ],
      }),
    );
    expect(unknown.type).toBe('InvalidCommand');
    expect(unknown.message).toContain('measures[2].option: "sanctuary" is not one of');
    expect(unknown.message).toContain('safer_scheme, extra_locks, security_lighting, panic_alarm');

    const reviewDate = plusDays(monday, 14);
    const agreed = await handle.executeUpdate(recordSafetyPlanUpdate, {
      args: [
        {
          actor: staff.officer,
          measures: [
            { option: 'panic_alarm', owner: { agency: 'Fictional Police', role: 'Neighbourhood team' } },
            { option: 'extra_locks', reviewBy: reviewDate },
            { text: 'Keep a charged phone in the bathroom' },
          ],
          agreedWithSurvivor: true,
        },
      ],
    });
    expect(agreed.entry.measures.map((measure) => [measure.id, measure.option, measure.owner])).toEqual([
      ['m1', 'panic_alarm', { agency: 'Fictional Police', role: 'Neighbourhood team' }],
      ['m2', 'extra_locks', { staffId: 'officer-ada' }],
      ['m3', undefined, { staffId: 'officer-ada' }],
    ]);
    expect(agreed.entry.measures[0]!.label).toBe(kent.safetyPlan.measures.panic_alarm);

    // Undated measures are reviewed on the profile's interval; the dated one at close of business on its date.
    let view = await scheduledState(handle);
    const [onInterval, dated] = reviewDeadlines(view);
    expect(onInterval).toMatchObject({
      id: 'safetyPlanReview#1',
      startedAt: agreed.entry.agreedAt,
      timescale: kent.safetyPlan.reviewAfter,
      status: 'pending',
    });
    expect(dated).toMatchObject({
      id: 'safetyPlanReview#2',
      fixedDue: { kind: 'close_of_business', date: reviewDate, setBy: 'the safety plan' },
    });
    expect(dated!.schedule!.dueAt).toBe(london(reviewDate, '17:00').toISOString());

    // The dated review is missed: the first rung of the ladder hears at once.
    await harness.skipTo(london(reviewDate, '17:01'));
    const escalations = async () =>
      (await harness.alerts(caseId))
        .filter((row) => row.kind === 'escalation' && row.task === 'safetyPlanReview')
        .map((row) => `${row.deadline_id}→${row.rung}:${row.recipient_staff_ids.join('+')}`);
    expect(await eventually(escalations, (rows) => rows.length >= 1)).toEqual(['safetyPlanReview#2→da_lead:lead-cai']);
    view = await caseState(handle);
    expect(view.breached).toBe(true);

    // The plan is reviewed with the survivor: both review deadlines are met, the next runs on the interval.
    const reviewed = await handle.executeUpdate(reviewSafetyPlanUpdate, {
      args: [
        {
          actor: staff.officer,
          measures: [
            { measureId: 'm1', outcome: 'kept' },
            { measureId: 'm2', outcome: 'changed', owner: { staffId: 'officer-eve' } },
            { measureId: 'm3', outcome: 'ended' },
          ],
          agreedWithSurvivor: true,
        },
      ],
    });
    expect(reviewed.entry.measures.map((measure) => `${measure.id}:${measure.status}`)).toEqual([
      'm1:active',
      'm2:active',
      'm3:ended',
    ]);
    view = await eventually(
      () => caseState(handle),
      (state) => reviewDeadlines(state).length === 3 && reviewDeadlines(state)[1]!.status === 'met_late',
    );
    expect(reviewDeadlines(view).map((deadline) => `${deadline.id}:${deadline.status}`)).toEqual([
      'safetyPlanReview#1:met',
      'safetyPlanReview#2:met_late',
      'safetyPlanReview#3:pending',
    ]);
    expect(reviewDeadlines(view)[2]).toMatchObject({ startedAt: reviewed.entry.review.at });
    expect(view.breached).toBe(false);

    // A reassessment asks for the plan's review within the time a first plan is given.
    const reassessment = await handle.executeUpdate(recordDashUpdate, {
      args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 7, policeCallOutsLast12Months: 0 } }],
    });
    view = await scheduledState(handle);
    expect(reviewDeadlines(view)[3]).toMatchObject({
      id: 'safetyPlanReview#4',
      startedAt: reassessment.at,
      timescale: kent.timescales.safetyPlan,
      status: 'pending',
    });
    await handle.executeUpdate(reviewSafetyPlanUpdate, {
      args: [
        {
          actor: staff.officer,
          measures: [
            { measureId: 'm1', outcome: 'kept' },
            { measureId: 'm2', outcome: 'kept' },
          ],
          agreedWithSurvivor: true,
        },
      ],
    });
    view = await eventually(
      () => caseState(handle),
      (state) => reviewDeadlines(state)[3]!.status === 'met',
    );
    expect(view.safetyPlan!.reviews).toHaveLength(2);
  });
});
