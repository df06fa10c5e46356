import { recordImmediateDangerUpdate } from '../../src/case/messages';
import { getRehousingQuery, requestRehousingUpdate } from '../../src/children/rehousing/messages';
import type { rehousingWorkflow } from '../../src/children/rehousing/workflow';
import type { PolicyProfile } from '../../src/policy';
import { shippedProfile } from '../support/profiles';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';

/**
 * Urgent work on the time-skipping server: real clock times, the night included. SSJ names its
 * Operational Security Team as on call out of hours; until an on-call rota is kept, the on-call
 * alert reaches the organisation's DA leads (lead-cai in the fixtures' directory).
 */
const ssj = shippedProfile('ssj');
const HOUR = 3_600_000;
const later = (at: Date, hours: number) => new Date(at.getTime() + hours * HOUR).toISOString();

describe('urgent escalation', () => {
  const harness = useCaseHarness();
  const caseIdOf = (workflowId: string) => workflowId.replace('case-', '');
  const escalationsOf = async (caseId: string, task: string) =>
    (await harness.alerts(caseId))
      .filter((row) => row.kind === 'escalation' && row.task === task)
      .map((row) => `${row.rung}:${row.recipient_staff_ids.join('+')}`);

  it('alerts on call at once when urgent temporary accommodation is missed at midnight, and the DA lead within the hour', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '20:56'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'ssj', immediateDanger: true } });
    const caseId = caseIdOf(handle.workflowId);
    const started = await handle.executeUpdate(requestRehousingUpdate, { args: [{ actor: staff.officer }] });
    const child = harness.env.client.workflow.getHandle<typeof rehousingWorkflow>(started.workflowId);
    const due = london(monday, '23:59:59.999');
    const { deadlines } = await eventually(
      () => child.query(getRehousingQuery),
      (view) => view.deadlines[0]?.schedule !== undefined,
    );
    expect(deadlines[0]).toMatchObject({ task: 'temporaryAccommodation', urgent: true });
    // Immediate danger said at 20:56, out of hours: the DA lead and whoever is on call hear at once.
    const dangerAlerts = async () =>
      (await harness.alerts(caseId))
        .filter((row) => row.kind === 'immediate_danger')
        .map((row) => row.rung)
        .sort();
    await eventually(dangerAlerts, (rungs) => rungs.length === 2);
    expect(await dangerAlerts()).toEqual(['da_lead', 'on_call']);
    expect(deadlines[0]!.schedule!.rungs).toEqual([
      { rung: 'on_call', roleTitle: 'Operational Security Team (OST)', at: due.toISOString() },
      { rung: 'line_manager', roleTitle: 'line manager', at: due.toISOString() },
      { rung: 'da_lead', roleTitle: 'DA Lead', at: later(due, 1) },
      {
        rung: 'head_of_service',
        roleTitle: 'Organisational Lead or Deputy Organisational Lead',
        at: later(due, 2),
      },
    ]);

    const tuesday = plusDays(monday, 1);
    await harness.skipTo(london(tuesday, '00:01'));
    await eventually(
      () => escalationsOf(caseId, 'temporaryAccommodation'),
      (rows) => rows.length === 2,
    );
    expect((await escalationsOf(caseId, 'temporaryAccommodation')).sort()).toEqual([
      'line_manager:mgr-bea',
      'on_call:lead-cai',
    ]);

    await harness.skipTo(london(tuesday, '01:01'));
    const climbed = await eventually(
      () => escalationsOf(caseId, 'temporaryAccommodation'),
      (rows) => rows.length === 3,
    );
    // not 17:00 the next working day, as a working-day ladder would have it
    expect(climbed).toContain('da_lead:lead-cai');
  });

  it('moves the open deadlines onto the urgent ladder when immediate danger is recorded after the disclosure', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    const tuesday = plusDays(monday, 1);
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'ssj' } });
    const caseId = caseIdOf(handle.workflowId);
    const routine = (await scheduledState(handle)).deadlines.find((d) => d.id === 'initialContact#1')!;
    expect(routine.urgent).toBeUndefined();
    expect(routine.schedule!.rungs.map((rung) => rung.at)).toEqual([
      london(tuesday, '17:00').toISOString(),
      london(plusDays(monday, 2), '17:00').toISOString(),
      london(plusDays(monday, 3), '17:00').toISOString(),
    ]);

    const recorded = await handle.executeUpdate(recordImmediateDangerUpdate, {
      args: [{ actor: staff.officer, policeCalled: true }],
    });
    expect(recorded.entry).toMatchObject({ by: staff.officer.staffId, policeCalled: true });
    const due = london(tuesday, '17:00');
    const urgent = await eventually(
      () => caseState(handle),
      (view) => view.deadlines.find((d) => d.id === 'initialContact#1')!.schedule!.rungs[0]!.rung === 'on_call',
    );
    const contact = urgent.deadlines.find((d) => d.id === 'initialContact#1')!;
    expect(contact.urgent).toBe(true);
    // Due at closing time, when nobody is in the office: on call first, then the ladder by the hour.
    expect(contact.schedule!.rungs.map((rung) => [rung.rung, rung.at])).toEqual([
      ['on_call', due.toISOString()],
      ['line_manager', due.toISOString()],
      ['da_lead', later(due, 1)],
      ['head_of_service', later(due, 2)],
    ]);
    expect(contact.schedule!.dueAt).toBe(due.toISOString());
    expect(urgent.deadlines.filter((d) => d.status === 'pending').every((d) => d.urgent)).toBe(true);
    // Recorded at 10:00, in office hours: the DA lead alone.
    expect(
      (await harness.alerts(caseId)).filter((row) => row.kind === 'immediate_danger').map((row) => row.rung),
    ).toEqual(['da_lead']);
    expect(
      await refusal(
        handle.executeUpdate(recordImmediateDangerUpdate, { args: [{ actor: staff.officer, policeCalled: false }] }),
      ),
    ).toEqual({ type: 'NotPossible', message: 'immediate danger is already recorded for this case' });

    await harness.skipTo(london(tuesday, '18:01'));
    const escalated = await eventually(
      () => escalationsOf(caseId, 'initialContact'),
      (rows) => rows.length === 3,
    );
    expect(escalated.sort()).toEqual(['da_lead:lead-cai', 'line_manager:mgr-bea', 'on_call:lead-cai']);
  });

  it("keeps a routine reminder due at 02:00 for the officer's 09:00", async () => {
    // A fictional policy: contact within 12 hours, reminded 8 hours ahead; opened at 22:00.
    const overnight: PolicyProfile = {
      ...ssj,
      timescales: { ...ssj.timescales, initialContact: { unit: 'calendar_hours', amount: 12 } },
      reminderBeforeDue: { unit: 'calendar_hours', amount: 8 },
    };
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    const tuesday = plusDays(monday, 1);
    await harness.skipTo(london(monday, '22:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'ssj' }, profile: overnight });
    const caseId = caseIdOf(handle.workflowId);
    const contact = (await scheduledState(handle)).deadlines.find((d) => d.id === 'initialContact#1')!;
    // 12 hours from the opening (a moment after 22:00) is due just after 10:00; reminded as the office opens.
    expect(Date.parse(contact.schedule!.dueAt) - london(tuesday, '10:00').getTime()).toBeLessThan(60_000);
    expect(contact.schedule!.reminderAt).toBe(london(tuesday, '09:00').toISOString());
    const reminders = async () =>
      (
        await harness.db.pool.query<{ raised_at: Date }>(
          `SELECT raised_at FROM alerts WHERE case_id = $1 AND kind = 'reminder' AND task = 'initialContact'`,
          [caseId],
        )
      ).rows;

    // none at 02:00, when an 8-hour lead would have sent it
    await harness.skipTo(london(tuesday, '03:00'));
    expect(await reminders()).toEqual([]);
    await harness.skipTo(london(tuesday, '09:30'));
    const [reminder] = await eventually(reminders, (rows) => rows.length === 1);
    expect(reminder!.raised_at.getTime()).toBeGreaterThanOrEqual(london(tuesday, '09:00').getTime());
  });
});
