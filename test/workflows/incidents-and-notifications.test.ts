import {
  approveLawfulBasisUpdate,
  approveSeriousIncidentReportUpdate,
  raiseSeriousIncidentReportUpdate,
  recordIncidentUpdate,
  recordNotificationUpdate,
  recordPerpetratorActionOutcomeUpdate,
  recordPerpetratorActionUpdate,
  releaseInformationUpdate,
  requestSharingUpdate,
} from '../../src/case/messages';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';

/**
 * SSJ 001's "report and refer" on the time-skipping server: a repeat incident recorded with what
 * happened, a serious-incident report that escalates until the DA lead approves it, the local
 * authority told only under a released sharing request, and a perpetrator action's own deadline.
 */
describe('incidents, serious-incident reports and notifications', () => {
  const harness = useCaseHarness();

  it('counts a repeat incident, escalates an unapproved serious-incident report, and ledgers who was told under which basis', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'ssj' } });
    const caseId = handle.workflowId.replace('case-', '');

    const incident = await handle.executeUpdate(recordIncidentUpdate, {
      args: [
        {
          actor: staff.officer,
          occurredAt: london(monday, '08:30').toISOString(),
          policeCalled: true,
          injuries: true,
          propertyDamage: false,
        },
      ],
    });
    expect(incident.entry).toMatchObject({ policeCalled: true, injuries: true, propertyDamage: false });
    expect((await caseState(handle)).repeatIncidents).toEqual({ total: 1, inLast12Months: 1 });

    // A report about an incident the case does not hold is refused, naming the field.
    const report = {
      actor: staff.officer,
      category: 'serious_injury',
      summary: 'Injuries needing hospital treatment.',
    } as const;
    expect(
      await refusal(
        handle.executeUpdate(raiseSeriousIncidentReportUpdate, { args: [{ ...report, incidentNumber: 2 }] }),
      ),
    ).toMatchObject({ type: 'InvalidCommand', message: expect.stringContaining('incidentNumber') });
    const raised = await handle.executeUpdate(raiseSeriousIncidentReportUpdate, {
      args: [{ ...report, incidentNumber: 1 }],
    });
    expect(raised.entry).toMatchObject({ id: 'sir1', status: 'awaiting_approval' });
    const pending = (await scheduledState(handle)).deadlines.find((d) => d.task === 'seriousIncidentReport');
    expect(pending).toMatchObject({ id: 'seriousIncidentReport#1', subjectId: 'sir1', status: 'pending' });

    // Not approved by the next working day: the ladder hears of it.
    await harness.skipTo(london(plusDays(monday, 1), '17:30'));
    const escalations = async () =>
      (await harness.alerts(caseId))
        .filter((row) => row.kind === 'escalation' && row.task === 'seriousIncidentReport')
        .map((row) => row.rung);
    expect(await eventually(escalations, (rungs) => rungs.length >= 1)).toContain('line_manager');

    // Only the profile's approver (the DA lead) or above approves, and never the author.
    expect(
      await refusal(
        handle.executeUpdate(approveSeriousIncidentReportUpdate, {
          args: [{ actor: staff.manager, reportId: 'sir1' }],
        }),
      ),
    ).toMatchObject({ type: 'NotPermitted' });
    const approved = await handle.executeUpdate(approveSeriousIncidentReportUpdate, {
      args: [{ actor: staff.daLead, reportId: 'sir1', comments: 'Approved.' }],
    });
    expect(approved.entry).toMatchObject({ status: 'approved', approval: { by: 'lead-cai', byRole: 'da_lead' } });
    await eventually(
      async () => (await caseState(handle)).deadlines.find((d) => d.task === 'seriousIncidentReport')?.status,
      (status) => status === 'met_late',
    );

    // The local authority is told only under a released sharing request, whose basis the ledger keeps.
    const sharing = await handle.executeUpdate(requestSharingUpdate, {
      args: [
        {
          actor: staff.officer,
          agency: 'Fictional Children’s Services',
          purpose: 'child safeguarding assessment',
          dataCategories: ['risk summary'],
        },
      ],
    });
    const requestId = sharing.request.id;
    const notice = {
      actor: staff.officer,
      recipient: 'local_authority',
      method: 'phone',
      sharingRequestId: requestId,
    } as const;
    const notifiedAt = () => harness.env.currentTimeMs().then((ms) => new Date(Number(ms)).toISOString());
    expect(
      await refusal(
        handle.executeUpdate(recordNotificationUpdate, { args: [{ ...notice, notifiedAt: await notifiedAt() }] }),
      ),
    ).toMatchObject({ type: 'NotPossible', message: expect.stringContaining('awaiting decision') });
    await handle.executeUpdate(approveLawfulBasisUpdate, {
      args: [
        {
          actor: staff.manager,
          requestId,
          basis: 'safeguarding_child',
          rationale: 'Children in the household were present during the incident.',
          tellSurvivor: true,
        },
      ],
    });
    await handle.executeUpdate(releaseInformationUpdate, { args: [{ actor: staff.officer, requestId }] });
    const notified = await handle.executeUpdate(recordNotificationUpdate, {
      args: [{ ...notice, notifiedAt: await notifiedAt() }],
    });
    expect(notified.entry).toMatchObject({
      id: 'nt1',
      recipient: 'local_authority',
      sharedUnder: { requestId, basis: 'safeguarding_child', approvedBy: 'mgr-bea' },
    });
    await handle.executeUpdate(recordNotificationUpdate, {
      args: [
        {
          actor: staff.officer,
          recipient: 'da_lead',
          toStaffId: 'lead-cai',
          method: 'phone',
          notifiedAt: await notifiedAt(),
        },
      ],
    });
    expect((await caseState(handle)).notifications?.map((entry) => entry.recipient)).toEqual([
      'local_authority',
      'da_lead',
    ]);
  });

  it('gives a perpetrator action its date as a deadline that escalates until the action is completed', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: { organisationId: 'kent-housing' } });
    const caseId = handle.workflowId.replace('case-', '');
    const dueBy = plusDays(monday, 3);
    const recorded = await handle.executeUpdate(recordPerpetratorActionUpdate, {
      args: [
        {
          actor: staff.officer,
          kind: 'tenancy_breach_warning',
          owner: { staffId: 'officer-ada' },
          survivorAgrees: true,
          dueBy,
        },
      ],
    });
    expect(recorded.entry).toMatchObject({ id: 'pa1', dueBy });
    const deadline = (await scheduledState(handle)).deadlines.find((d) => d.task === 'perpetratorAction');
    expect(deadline).toMatchObject({ subjectId: 'pa1', fixedDue: { kind: 'close_of_business', date: dueBy } });

    await harness.skipTo(london(dueBy, '17:30'));
    const escalations = async () =>
      (await harness.alerts(caseId)).filter((row) => row.kind === 'escalation' && row.task === 'perpetratorAction');
    expect((await eventually(escalations, (rows) => rows.length >= 1)).length).toBeGreaterThanOrEqual(1);

    await handle.executeUpdate(recordPerpetratorActionOutcomeUpdate, {
      args: [{ actor: staff.officer, actionId: 'pa1', status: 'completed', outcome: 'Warning letter delivered' }],
    });
    await eventually(
      async () => (await caseState(handle)).deadlines.find((d) => d.task === 'perpetratorAction')?.status,
      (status) => status === 'met_late',
    );
  });
});
