import { eventually } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';
import { staffOf, useHttpCases } from '../support/http-case';

const ssj = staffOf('ssj');
const officer = ssj('officer-ada', 'caseworker', 'team-north');

interface DeadlineView {
  id: string;
  task: string;
  status: string;
  schedule?: { dueAt: string };
}

/** A safety plan of SSJ's options over HTTP on the time-skipping server: a missed review climbs the ladder. */
describe('safety plans over HTTP', () => {
  const http = useHttpCases({ organisationId: 'ssj', principals: [officer] });
  const call = http.call;

  it('takes measures from the profile, escalates a missed review and is met by a recorded review', async () => {
    // The API dates a disclosure by the real clock, so the case opens now and its plan looks ahead to a quiet week.
    const monday = quietMondayAfter(await http.harness.env.currentTimeMs());
    const caseId = await http.openCase(officer, 'e2e-safety-plan-0001');
    const path = `/cases/${caseId}`;
    expect(
      (await call(officer, 'POST', `${path}/contact-attempts`, { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(200);
    expect(
      (
        await call(officer, 'POST', `${path}/dash`, {
          assessment: { kind: 'count', yesCount: 5, policeCallOutsLast12Months: 0 },
        })
      ).status,
    ).toBe(200);

    // A Kent option is not SSJ's: refused, naming the field and SSJ's options.
    const foreign = await call(officer, 'POST', `${path}/safety-plan`, {
      measures: [{ option: 'safe_word' }, { text: 'Keep a charged phone' }, { option: 'panic_alarm' }],
      agreedWithSurvivor: true,
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.detail).toContain('measures[2].option: "panic_alarm" is not one of SSJ\'s safety-plan options');
    expect(foreign.body.detail).toContain('safe_word, change_of_accommodation, visitor_exclusion, bank_card_held');
    expect(foreign.body.errors).toEqual([{ field: 'body.measures.2.option', message: foreign.body.detail }]);
    // The body's own bounds name their field.
    const unbounded = await call(officer, 'POST', `${path}/safety-plan`, {
      measures: [{ option: 'safe_word', owner: { agency: 'Fictional Police' } }],
      agreedWithSurvivor: true,
    });
    expect(unbounded.status).toBe(400);
    expect(unbounded.body.errors).toEqual([
      { field: 'body.measures.0.owner.role', message: 'name the role at the agency that owns the measure' },
    ]);

    const reviewDate = plusDays(monday, 1);
    const agreed = await call(officer, 'POST', `${path}/safety-plan`, {
      measures: [
        { option: 'safe_word', reviewBy: reviewDate },
        { option: 'ost_monitoring', owner: { agency: 'SSJ', role: 'Operational Security Team (OST)' } },
        'A measure written as plans were before options',
      ],
      agreedWithSurvivor: true,
    });
    expect(agreed.status).toBe(200);
    expect(agreed.body.entry.measures).toEqual([
      expect.objectContaining({
        id: 'm1',
        option: 'safe_word',
        reviewBy: reviewDate,
        owner: { staffId: 'officer-ada' },
      }),
      expect.objectContaining({
        id: 'm2',
        option: 'ost_monitoring',
        label: expect.stringContaining('Operational Security'),
      }),
      expect.objectContaining({ id: 'm3', text: 'A measure written as plans were before options' }),
    ]);

    const deadlines = async (): Promise<DeadlineView[]> =>
      ((await call(officer, 'GET', `${path}/state`)).body.deadlines as DeadlineView[]).filter(
        (deadline) => deadline.task === 'safetyPlanReview',
      );
    const scheduled = await eventually(deadlines, (rows) => rows.length === 2 && rows.every((row) => row.schedule));
    expect(scheduled.find((row) => row.id === 'safetyPlanReview#2')!.schedule!.dueAt).toBe(
      london(reviewDate, '17:00').toISOString(),
    );

    // Missed: SSJ's line manager hears at the deadline, the DA Lead a working day later.
    await http.harness.skipTo(london(plusDays(reviewDate, 1), '17:01'));
    const escalations = async () =>
      (await http.harness.alerts(caseId))
        .filter((row) => row.kind === 'escalation' && row.deadline_id === 'safetyPlanReview#2')
        .map((row) => `${row.rung}:${row.recipient_staff_ids.join('+')}`);
    expect(await eventually(escalations, (rows) => rows.length >= 2)).toEqual([
      'line_manager:mgr-bea',
      'da_lead:lead-cai',
    ]);

    // A review must answer for every measure still in the plan.
    const partial = await call(officer, 'POST', `${path}/safety-plan/review`, {
      measures: [{ measureId: 'm1', outcome: 'kept' }],
      agreedWithSurvivor: true,
    });
    expect(partial.status).toBe(400);
    expect(partial.body.detail).toContain('missing m2, m3');

    const reviewed = await call(officer, 'POST', `${path}/safety-plan/review`, {
      measures: [
        { measureId: 'm1', outcome: 'kept', reviewBy: plusDays(monday, 40) },
        { measureId: 'm2', outcome: 'kept' },
        { measureId: 'm3', outcome: 'ended' },
      ],
      agreedWithSurvivor: true,
    });
    expect(reviewed.status).toBe(200);
    const after = await eventually(
      deadlines,
      (rows) => rows.find((row) => row.id === 'safetyPlanReview#2')?.status === 'met_late',
    );
    // The undated measures' review (four weeks on, passed while the clock moved to the dated one) is met too.
    expect(after.map((row) => `${row.id}:${row.status}`)).toEqual([
      'safetyPlanReview#1:met_late',
      'safetyPlanReview#2:met_late',
      'safetyPlanReview#3:pending',
      'safetyPlanReview#4:pending',
    ]);

    const timeline = JSON.stringify((await call(officer, 'GET', `${path}/timeline`)).body);
    expect(timeline).toContain('Safety plan agreed');
    expect(timeline).toContain('Safety plan reviewed');
    expect(timeline).toContain('with the survivor: 2 kept, 1 ended');
    expect(timeline).not.toContain('A measure written as plans were before options');
  });
});
