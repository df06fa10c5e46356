import { eventually } from '../support/case-harness';
import { staffOf, useHttpCases } from '../support/http-case';

const connect = staffOf('connect');
const officer = connect('officer-ada', 'caseworker', 'team-north');
const daLead = connect('lead-cai', 'da_lead');

/** Immediate danger arising after the disclosure, recorded over HTTP on real Temporal and PostgreSQL. */
describe('recording immediate danger after the disclosure', () => {
  const http = useHttpCases({ organisationId: 'connect', principals: [officer, daLead] });

  it('alerts the DA lead, makes the open deadlines urgent, shows in the timeline, and is recorded once', async () => {
    const caseId = await http.openCase(officer, 'e2e-immediate-danger-later-0001');
    const path = `/cases/${caseId}`;

    const invalid = await http.call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: 'yes' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'body.policeCalled' })]);

    const recorded = await http.call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: true });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'open', entry: { by: 'officer-ada', policeCalled: true } });

    const again = await http.call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: false });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('immediate danger is already recorded for this case');

    await eventually(
      () => http.call(daLead, 'GET', '/alerts'),
      (response) =>
        response.body.items.some(
          (alert: { caseId: string; kind: string }) => alert.caseId === caseId && alert.kind === 'immediate_danger',
        ),
    );

    const urgent = await eventually(
      () => http.call(officer, 'GET', `${path}/state`),
      (response) =>
        response.body.deadlines
          .filter((deadline: { status: string }) => deadline.status === 'pending')
          .every((deadline: { urgent?: boolean }) => deadline.urgent === true),
    );
    const contact = urgent.body.deadlines.find((deadline: { task: string }) => deadline.task === 'initialContact');
    const rungAt = (rung: string) =>
      Date.parse(contact.schedule.rungs.find((step: { rung: string }) => step.rung === rung).at);
    // The DA lead an hour after the deadline, not a working day after it.
    expect(rungAt('da_lead') - Date.parse(contact.schedule.dueAt)).toBe(3_600_000);

    const timeline = await http.call(officer, 'GET', `${path}/timeline`);
    expect(timeline.status).toBe(200);
    expect(JSON.stringify(timeline.body)).toContain('Immediate danger recorded');
  });
});
