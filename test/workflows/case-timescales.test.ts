import { DateTime } from 'luxon';
import { parsePolicyProfile } from '../../src/policy';
import { shippedProfile } from '../support/profiles';
import type { Region } from '../../src/deadlines/timescale';
import {
  recordContactAttemptUpdate,
  recordDashUpdate,
  recordManagerReviewUpdate,
  recordSafetyPlanUpdate,
} from '../../src/case/messages';
import type { CaseDeadline as Deadline, CaseView } from '../../src/case/state';
import { caseState, eventually, scheduledState, staff, useCaseHarness, type AlertRow } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';

/**
 * Real timescales on the time-skipping server: nothing is shortened, the clock is moved through
 * working days, bank holidays and weeks exactly as a case would live them.
 */
const ssj = shippedProfile('ssj');
const stonewater = shippedProfile('stonewater');

const deadline = (view: CaseView, id: string): Deadline => {
  const found = view.deadlines.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no deadline ${id}; have ${view.deadlines.map((d) => d.id).join(', ')}`);
  return found;
};
const escalations = (alerts: AlertRow[]) =>
  alerts
    .filter((alert) => alert.kind === 'escalation')
    .map((alert) => `${alert.deadline_id}→${alert.rung}:${alert.recipient_staff_ids.join('+')}`);

describe('the case timescales and the escalation ladder (SSJ: line manager, DA Lead, Organisational Lead)', () => {
  const harness = useCaseHarness();

  it('reminds, escalates rung by rung, stops the ladder when the task is done, and runs the periodic reviews', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    const [tue, wed, thu, fri] = [1, 2, 3, 4].map((days) => plusDays(monday, days));
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'ssj' } });
    const caseId = handle.workflowId.replace('case-', '');

    // Every deadline is computed with its rule and calendar version recorded.
    let view = await scheduledState(handle);
    expect(view.profile).toMatchObject({ id: 'ssj', version: ssj.version });
    const contact = deadline(view, 'initialContact#1');
    expect(contact.schedule).toMatchObject({
      dueAt: london(tue, '17:00').toISOString(),
      reminderAt: london(tue, '13:00').toISOString(),
      calendarVersion: expect.stringMatching(/^date-holidays@\d+\.\d+\.\d+$/),
      rule: expect.stringContaining('1st working day after the day of the report, England & Wales bank holidays'),
      rungs: [
        { rung: 'line_manager', roleTitle: 'line manager', at: london(tue, '17:00').toISOString() },
        { rung: 'da_lead', roleTitle: 'DA Lead', at: london(wed, '17:00').toISOString() },
        {
          rung: 'head_of_service',
          roleTitle: 'Organisational Lead or Deputy Organisational Lead',
          at: london(thu, '17:00').toISOString(),
        },
      ],
    });
    expect(deadline(view, 'dashAssessment#1').schedule!.dueAt).toBe(london(wed, '17:00').toISOString());
    // Calendar days keep the local wall-clock time of the report (10:00 plus the moments the test took).
    const reviewDue = DateTime.fromISO(view.openedAt, { zone: 'Europe/London' }).plus({ days: 28 });
    expect(reviewDue.toFormat('HH:mm')).toBe('10:00');
    expect(deadline(view, 'managerReview#1').schedule!.dueAt).toBe(reviewDue.toJSDate().toISOString());

    // Before the deadline: a reminder to the case officer only.
    await harness.skipTo(london(tue, '13:01'));
    let alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.length >= 1,
    );
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        task: 'initialContact',
        recipient_role: 'case_officer',
        recipient_staff_ids: ['officer-ada'],
      }),
    ]);

    // At the deadline: the officer's line manager; the case is in breach.
    await harness.skipTo(london(tue, '17:01'));
    alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => escalations(rows).length >= 1,
    );
    expect(escalations(alerts)).toEqual(['initialContact#1→line_manager:mgr-bea']);
    view = await caseState(handle);
    expect(deadline(view, 'initialContact#1').status).toBe('overdue');
    expect(view.breached).toBe(true);
    const projected = await eventually(
      () => harness.db.pool.query('SELECT breached FROM cases WHERE case_id = $1', [caseId]),
      (result) => result.rows[0]?.breached === true,
    );
    expect(projected.rows[0].breached).toBe(true);

    // A working day later: the DA lead for the contact, the line manager for the missed DASH.
    await harness.skipTo(london(wed, '17:01'));
    alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => escalations(rows).length >= 3,
    );
    expect(escalations(alerts)).toEqual([
      'initialContact#1→line_manager:mgr-bea',
      'initialContact#1→da_lead:lead-cai',
      'dashAssessment#1→line_manager:mgr-bea',
    ]);

    // The officer reaches the survivor and completes the DASH: both ladders stop there.
    await handle.executeUpdate(recordContactAttemptUpdate, {
      args: [{ actor: staff.officer, outcome: 'reached', channel: 'phone' }],
    });
    const dash = await handle.executeUpdate(recordDashUpdate, {
      args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 6, policeCallOutsLast12Months: 0 } }],
    });
    expect(dash.level).toBe('standard');
    view = await scheduledState(handle);
    expect(deadline(view, 'initialContact#1')).toMatchObject({ status: 'met_late', completedAt: expect.any(String) });
    expect(deadline(view, 'dashAssessment#1').status).toBe('met_late');
    expect(view.breached).toBe(false);
    // The safety plan is due 5 working days after the DASH day; reassessment 8 weeks after the DASH.
    expect(deadline(view, 'safetyPlan#1').schedule!.dueAt).toBe(london(plusDays(wed, 7), '17:00').toISOString());
    const reassessmentDue = DateTime.fromISO(dash.at, { zone: 'Europe/London' }).plus({ days: 56 });
    expect(deadline(view, 'riskReassessment#1').schedule!.dueAt).toBe(reassessmentDue.toJSDate().toISOString());

    await harness.skipTo(london(fri, '17:01'));
    alerts = await harness.alerts(caseId);
    expect(escalations(alerts)).toHaveLength(3); // no Organisational Lead alert: the tasks were done

    // The safety plan slips past its deadline, then is agreed.
    await harness.skipTo(london(plusDays(wed, 7), '17:01'));
    alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => escalations(rows).length >= 4,
    );
    expect(escalations(alerts)[3]).toBe('safetyPlan#1→line_manager:mgr-bea');
    await handle.executeUpdate(recordSafetyPlanUpdate, {
      args: [
        { actor: staff.officer, measures: ['safe word agreed', 'lock change requested'], agreedWithSurvivor: true },
      ],
    });

    // The four-weekly manager review is missed: every rung of the ladder, up to the Organisational Lead.
    const reviewDay = plusDays(monday, 28);
    await harness.skipTo(london(plusDays(reviewDay, 2), '17:01'));
    alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => escalations(rows).length >= 7,
    );
    expect(escalations(alerts).slice(4)).toEqual([
      'managerReview#1→line_manager:mgr-bea',
      'managerReview#1→da_lead:lead-cai',
      'managerReview#1→head_of_service:head-dee',
    ]);
    await handle.executeUpdate(recordManagerReviewUpdate, {
      args: [{ actor: staff.manager, notes: 'plan in place' }],
    });
    const review = await caseState(handle);
    const nextReview = deadline(review, 'managerReview#2');
    expect(deadline(review, 'managerReview#1').status).toBe('met_late');
    expect(nextReview).toMatchObject({ startedAt: review.reviews[0]!.at, status: 'pending' });

    // Eight weeks after the DASH (now in British Summer Time), the reassessment falls due.
    await harness.skipTo(new Date(reassessmentDue.toMillis() + 60_000));
    alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => escalations(rows).includes('riskReassessment#1→line_manager:mgr-bea'),
    );
    expect(escalations(alerts)).toContain('riskReassessment#1→line_manager:mgr-bea');
    // One reminder before each deadline, to the case officer.
    const reminders = alerts.filter((alert) => alert.kind === 'reminder');
    expect(reminders.map((alert) => alert.deadline_id).sort()).toEqual([
      'dashAssessment#1',
      'initialContact#1',
      'managerReview#1',
      'managerReview#2',
      'riskReassessment#1',
      'safetyPlan#1',
      // the plan's measures (free text, no dates) are reviewed four weeks after it was agreed
      'safetyPlanReview#1',
    ]);
    expect(new Set(reminders.map((alert) => alert.recipient_staff_ids.join()))).toEqual(new Set(['officer-ada']));

    // The compliance report's source: each deadline's outcome and the rungs it reached.
    const outcomes = await eventually(
      () =>
        harness.db.pool.query(
          'SELECT deadline_id, status, escalated_rungs FROM deadline_outcomes WHERE case_id = $1 ORDER BY deadline_id',
          [caseId],
        ),
      (result) => result.rows.some((row) => row.deadline_id === 'riskReassessment#1' && row.status === 'overdue'),
    );
    expect(outcomes.rows).toEqual(
      expect.arrayContaining([
        { deadline_id: 'initialContact#1', status: 'met_late', escalated_rungs: ['line_manager', 'da_lead'] },
        { deadline_id: 'dashAssessment#1', status: 'met_late', escalated_rungs: ['line_manager'] },
        {
          deadline_id: 'managerReview#1',
          status: 'met_late',
          escalated_rungs: ['line_manager', 'da_lead', 'head_of_service'],
        },
        { deadline_id: 'riskReassessment#1', status: 'overdue', escalated_rungs: ['line_manager'] },
      ]),
    );
  });
});

describe("a disclosure on the Friday before a bank-holiday Monday, in each region's sense", () => {
  const harness = useCaseHarness();

  const inRegion = (region: Region) => parsePolicyProfile({ ...stonewater, id: `stonewater-${region}`, region });

  /** The Monday at the start (Scotland) or end (England & Wales, Northern Ireland) of August in `year`. */
  const augustMonday = (year: number, which: 'first' | 'last'): DateTime => {
    const anchor =
      which === 'first'
        ? DateTime.fromObject({ year, month: 8, day: 1 })
        : DateTime.fromObject({ year, month: 8, day: 31 });
    return which === 'first'
      ? anchor.plus({ days: (8 - anchor.weekday) % 7 })
      : anchor.minus({ days: (anchor.weekday + 6) % 7 });
  };

  it("counts each region's own August bank holiday and no other", async () => {
    const now = await harness.env.currentTimeMs();
    const year = new Date(now).getUTCFullYear() + (new Date(now).getUTCMonth() >= 6 ? 1 : 0);
    const scottishHoliday = augustMonday(year, 'first');
    const englishHoliday = augustMonday(year, 'last');
    const iso = (day: DateTime) => day.toISODate()!;
    const openOn = async (friday: DateTime) => {
      await harness.skipTo(london(iso(friday), '10:00'));
      const regions: Region[] = ['england-and-wales', 'scotland', 'northern-ireland'];
      const handles = await Promise.all(regions.map((region) => harness.startCase({ profile: inRegion(region) })));
      const views = await Promise.all(handles.map(scheduledState));
      return Object.fromEntries(
        regions.map((region, index) => [region, deadline(views[index]!, 'initialContact#1').schedule!.dueAt]),
      );
    };

    // Friday before Scotland's first Monday in August: only Scotland skips the Monday.
    const beforeScottish = await openOn(scottishHoliday.minus({ days: 3 }));
    expect(beforeScottish).toEqual({
      'england-and-wales': london(iso(scottishHoliday), '17:00').toISOString(),
      scotland: london(iso(scottishHoliday.plus({ days: 1 })), '17:00').toISOString(),
      'northern-ireland': london(iso(scottishHoliday), '17:00').toISOString(),
    });

    // Friday before the last Monday in August: England & Wales and Northern Ireland skip it, Scotland does not.
    const beforeEnglish = await openOn(englishHoliday.minus({ days: 3 }));
    expect(beforeEnglish).toEqual({
      'england-and-wales': london(iso(englishHoliday.plus({ days: 1 })), '17:00').toISOString(),
      scotland: london(iso(englishHoliday), '17:00').toISOString(),
      'northern-ireland': london(iso(englishHoliday.plus({ days: 1 })), '17:00').toISOString(),
    });
  });
});
