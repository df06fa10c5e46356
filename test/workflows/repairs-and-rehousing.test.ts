import { fictionalDisclosure } from '../fixtures/disclosures';
import { closeCaseUpdate } from '../../src/case/messages';
import { requestEmergencyRepairsUpdate } from '../../src/children/repairs/messages';
import { requestRehousingUpdate } from '../../src/children/rehousing/messages';
import {
  getRehousingQuery,
  localAuthorityDecisionUpdate,
  recordMoveCompletedUpdate,
  recordMoveDateUpdate,
  recordOfferDecisionUpdate,
  recordOfferUpdate,
  recordOptionsAppraisalUpdate,
  recordTemporaryAccommodationUpdate,
} from '../../src/children/rehousing/messages';
import type { rehousingWorkflow } from '../../src/children/rehousing/workflow';
import {
  contractorUpdate,
  getRepairsQuery,
  survivorConfirmationUpdate,
  survivorToldOfDelayUpdate,
} from '../../src/children/repairs/messages';
import type { repairsWorkflow } from '../../src/children/repairs/workflow';
import {
  caseState,
  eventually,
  refusal,
  staff,
  useCaseHarness,
  openChildrenTransferred,
} from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';
import { DateTime } from 'luxon';
import { buildComplianceReport, REPORT_TIME_ZONE } from '../../src/audit/report';
import { loadCaseTimeline } from '../../src/audit/timeline-source';

const HOUR = 3_600_000;

/** what the API adds to a child's step that reaches the survivor: the case's safe-contact profile */
const { safeContact } = fictionalDisclosure();

describe('emergency repairs and security', () => {
  const harness = useCaseHarness({ partnerStub: true });

  /** Orders repairs on a quiet Monday at `at` (London): whether the 24 hours end in office hours decides who is alerted. */
  const orderRepairs = async (organisationId?: string, at = '10:00') => {
    await harness.skipTo(london(quietMondayAfter(await harness.env.currentTimeMs()), at));
    const handle = await harness.startCase(organisationId ? { disclosure: { organisationId } } : undefined);
    const status = await handle.executeUpdate(requestEmergencyRepairsUpdate, {
      args: [{ actor: staff.officer, works: ['lock change', 'door chain'], securityScheme: 'safer_scheme' }],
    });
    return {
      handle,
      caseId: handle.workflowId.replace('case-', ''),
      child: harness.env.client.workflow.getHandle<typeof repairsWorkflow>(status.workflowId),
    };
  };

  /** The repairs escalations stored for a case, once `rungs` have fired, as `rung:recipients`. */
  const repairsEscalations = async (caseId: string, rungs = 2) => {
    const isRepairsEscalation = (row: { task: string; kind: string }) =>
      row.task === 'repairCompletion' && row.kind === 'escalation';
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.filter(isRepairsEscalation).length >= rungs,
    );
    return alerts.filter(isRepairsEscalation).map((row) => `${row.rung}:${row.recipient_staff_ids.join()}`);
  };

  it('orders the works at no charge and escalates to the repairs manager and DA lead when not done in 24 hours', async () => {
    const { caseId, child } = await orderRepairs();
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.order !== undefined && view.deadlines[0]?.schedule !== undefined,
    );
    expect(order.chargeToSurvivorPence).toBe(0);
    const sent = harness.partners.requests.find((request) => request.idempotencyKey === order.orderId)!;
    expect(sent).toMatchObject({
      signatureValid: true,
      body: { chargeToSurvivorPence: 0, priority: 'emergency', works: ['lock change', 'door chain'] },
    });
    expect(Date.parse(sent.body.completeBy as string) - Date.parse(order.requestedAt)).toBe(24 * HOUR);
    expect(Date.parse(order.deadlines[0]!.schedule!.dueAt)).toBe(Date.parse(order.requestedAt) + 24 * HOUR);

    await harness.skipTo(new Date(Date.parse(order.requestedAt) + 24 * HOUR + 60_000));
    expect(await repairsEscalations(caseId)).toEqual(['repairs_manager:repairs-gus', 'da_lead:lead-cai']);
  });

  it('alerts whoever is on call first when the 24 hours end out of hours: the home is unsafe now', async () => {
    const { caseId, child } = await orderRepairs(undefined, '20:00');
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.deadlines[0]?.schedule !== undefined,
    );
    expect(order.deadlines[0]).toMatchObject({ urgent: true });
    await harness.skipTo(new Date(Date.parse(order.requestedAt) + 24 * HOUR + 60_000));
    expect((await repairsEscalations(caseId, 3)).sort()).toEqual([
      'da_lead:lead-cai',
      'on_call:lead-cai',
      'repairs_manager:repairs-gus',
    ]);
  });

  it("at Kent, a contractor's 'not practicable' leaves the 24 hours standing: the breach escalates and stays late", async () => {
    // Staff ids are unique across organisations, so Kent's repairs manager and DA lead are its own.
    await harness.db.pool.query(
      `INSERT INTO staff (staff_id, organisation_id, team_id, role, line_manager_id, email) VALUES
         ('kent-repairs-ivy', 'kent-housing', NULL, 'repairs_manager', NULL, 'kent-repairs-ivy@example.test'),
         ('kent-lead-jon', 'kent-housing', NULL, 'da_lead', NULL, 'kent-lead-jon@example.test')
       ON CONFLICT DO NOTHING`,
    );
    const { caseId, child } = await orderRepairs('kent-housing');
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.order !== undefined && view.deadlines[0]?.schedule !== undefined,
    );
    const newCompletionBy = new Date(Date.parse(order.requestedAt) + 72 * HOUR).toISOString();
    await child.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'not_practicable', newCompletionBy, reason: 'specialist lock on order' }],
    });
    const delayed = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.deadlines.every((d) => d.schedule),
    );
    expect(delayed.delays).toEqual([expect.objectContaining({ newCompletionBy })]);
    expect(delayed.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'pending'],
      ['informSurvivorOfRepairDelay#1', 'pending'],
    ]);
    expect(Date.parse(delayed.deadlines[0]!.schedule!.dueAt)).toBe(Date.parse(order.requestedAt) + 24 * HOUR);

    await harness.skipTo(new Date(Date.parse(order.requestedAt) + 24 * HOUR + 60_000));
    // Kent's repairs ladder, from its profile: the repairs manager, then its DA lead, the Community Safety Manager.
    expect(await repairsEscalations(caseId)).toEqual(['repairs_manager:kent-repairs-ivy', 'da_lead:kent-lead-jon']);
    expect(
      (await child.query(getRepairsQuery)).alerts
        .filter((alert) => alert.task === 'repairCompletion' && alert.kind === 'escalation')
        .map((alert) => alert.rung),
    ).toEqual(['repairs_manager', 'da_lead']);

    await child.executeUpdate(survivorToldOfDelayUpdate, {
      args: [{ actor: staff.officer, channel: 'text', safeContact }],
    });
    await harness.skipTo(new Date(Date.parse(newCompletionBy)));
    const completedAt = new Date(await harness.env.currentTimeMs()).toISOString();
    await child.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'completed', completedAt, evidenceReference: 'PHOTO-SET-18' }],
    });
    await child.executeUpdate(survivorConfirmationUpdate, { args: [{ actor: staff.officer, satisfied: true }] });
    const done = await child.result();
    // Three days is not 24 hours: the original deadline's outcome is late, not met, everywhere it is told.
    expect(done.deadlines.filter((d) => d.task === 'repairCompletion').map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'met_late'],
    ]);
    const { timeline } = await loadCaseTimeline(harness.env.client, caseId);
    expect(
      timeline.filter((entry) => entry.what.includes('Emergency repair completion')).map((entry) => entry.code),
    ).toEqual([
      'deadline.set',
      'deadline.reminder',
      'deadline.missed',
      'deadline.escalated',
      'deadline.escalated',
      'deadline.met_late',
    ]);
    const ukDay = (instant: string) => DateTime.fromISO(instant, { zone: REPORT_TIME_ZONE }).toISODate()!;
    const period = { from: ukDay(order.requestedAt), to: ukDay(completedAt), organisationId: 'kent-housing' };
    const report = await eventually(
      () => buildComplianceReport(harness.db.pool, period),
      (built) => built.groups[0]?.timescales.repairCompletion.metLate === 1,
    );
    expect(report.groups[0]!.timescales.repairCompletion).toMatchObject({
      deadlines: 1,
      met: 0,
      metLate: 1,
      cancelled: 0,
      escalated: 1,
    });
    expect(report.groups[0]!.repairs).toMatchObject({ orders: 1, completed: 1, completedWithin24Hours: 0 });
  });

  it('at Stonewater, a new date given after the 24 hours have passed does not undo the breach', async () => {
    const { child } = await orderRepairs();
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.deadlines[0]?.schedule !== undefined,
    );
    await harness.skipTo(new Date(Date.parse(order.requestedAt) + 25 * HOUR));
    await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.deadlines[0]?.status === 'overdue',
    );
    const newCompletionBy = new Date(Date.parse(order.requestedAt) + 72 * HOUR).toISOString();
    await child.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'not_practicable', newCompletionBy, reason: 'specialist lock on order' }],
    });
    const delayed = await child.query(getRepairsQuery);
    expect(delayed.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'overdue'],
      ['repairCompletion#2', 'pending'],
      ['informSurvivorOfRepairDelay#1', 'pending'],
    ]);
    // A second new date replaces the first, which is no longer owed; the missed 24 hours stay missed.
    const laterCompletionBy = new Date(Date.parse(order.requestedAt) + 96 * HOUR).toISOString();
    await child.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'not_practicable', newCompletionBy: laterCompletionBy, reason: 'specialist lock delayed' }],
    });
    const delayedAgain = await child.query(getRepairsQuery);
    expect(delayedAgain.deadlines.filter((d) => d.task === 'repairCompletion').map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'overdue'],
      ['repairCompletion#2', 'cancelled'],
      ['repairCompletion#3', 'pending'],
    ]);
  });

  it('at Stonewater ("where practicable"), a contractor who cannot make 24 hours sets a new date; telling the survivor is due, then her confirmation', async () => {
    const { caseId, child, handle } = await orderRepairs();
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.order !== undefined,
    );
    const newCompletionBy = new Date(Date.parse(order.requestedAt) + 72 * HOUR).toISOString();
    const delay = { outcome: 'not_practicable', newCompletionBy, reason: 'specialist lock on order' } as const;
    expect((await child.executeUpdate(contractorUpdate, { args: [delay] })).changed).toBe(true);
    expect((await child.executeUpdate(contractorUpdate, { args: [delay] })).changed).toBe(false);

    const delayed = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.deadlines.every((d) => d.schedule),
    );
    expect(delayed.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'cancelled'],
      ['repairCompletion#2', 'pending'],
      ['informSurvivorOfRepairDelay#1', 'pending'],
    ]);
    expect(delayed.deadlines[1]!.schedule!.dueAt).toBe(newCompletionBy);
    const tellBy = Date.parse(delayed.deadlines[2]!.schedule!.dueAt);

    // Nobody tells the survivor in time: that is a breach of its own.
    await harness.skipTo(new Date(tellBy + 60_000));
    await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.task === 'informSurvivorOfRepairDelay' && row.kind === 'escalation'),
    );
    // told only by a way the survivor's safe-contact profile (the API adds the case's) allows
    const byEmail = { actor: staff.officer, channel: 'email', safeContact } as const;
    expect(await refusal(child.executeUpdate(survivorToldOfDelayUpdate, { args: [byEmail] }))).toMatchObject({
      type: 'NotPossible',
    });
    const told = await child.executeUpdate(survivorToldOfDelayUpdate, {
      args: [{ ...byEmail, channel: 'text' }],
    });
    expect(told.delays[0]!.survivorTold).toMatchObject({ by: 'officer-ada', channel: 'text' });
    expect(told.deadlines[2]!.status).toBe('met_late');

    expect(
      await refusal(
        child.executeUpdate(survivorConfirmationUpdate, { args: [{ actor: staff.officer, satisfied: true }] }),
      ),
    ).toEqual({
      type: 'NotPossible',
      message: 'the contractor has not reported the works complete',
    });
    const completion = {
      outcome: 'completed',
      completedAt: new Date(await harness.env.currentTimeMs()).toISOString(),
      evidenceReference: 'PHOTO-SET-17',
    } as const;
    expect((await child.executeUpdate(contractorUpdate, { args: [completion] })).changed).toBe(true);
    expect((await child.executeUpdate(contractorUpdate, { args: [completion] })).changed).toBe(false);
    expect(await refusal(child.executeUpdate(contractorUpdate, { args: [delay] }))).toMatchObject({
      type: 'NotPossible',
      message: expect.stringContaining('already reported the works complete'),
    });
    await child.executeUpdate(survivorConfirmationUpdate, { args: [{ actor: staff.officer, satisfied: true }] });
    expect((await child.result()).status).toBe('completed');
    const parent = await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.open === false,
    );
    expect(parent.children[0]).toMatchObject({ kind: 'repairs', status: 'completed' });
  });

  it('keeps at most 20 of a contractor’s new dates for one works order, and refuses the next with the reason', async () => {
    const { child } = await orderRepairs();
    const order = await eventually(
      () => child.query(getRepairsQuery),
      (view) => view.order !== undefined,
    );
    const delay = (hours: number) =>
      ({
        outcome: 'not_practicable',
        newCompletionBy: new Date(Date.parse(order.requestedAt) + hours * HOUR).toISOString(),
        reason: 'specialist lock on order',
      }) as const;
    for (let hours = 48; hours < 68; hours += 1) await child.executeUpdate(contractorUpdate, { args: [delay(hours)] });
    expect(await refusal(child.executeUpdate(contractorUpdate, { args: [delay(90)] }))).toEqual({
      type: 'NotPossible',
      message:
        'this works order already holds 20 contractor delays, as many as one works order can keep; nothing was recorded',
    });
    // the same date again is still answered as already recorded, not refused
    expect((await child.executeUpdate(contractorUpdate, { args: [delay(67)] })).changed).toBe(false);
    expect((await child.query(getRepairsQuery)).delays).toHaveLength(20);
    // The contractor's dates do not use up the fresh 24 hours a survivor not satisfied is owed.
    const completedAt = new Date(await harness.env.currentTimeMs()).toISOString();
    await child.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'completed', completedAt, evidenceReference: 'PHOTO-SET-20' }],
    });
    const unsatisfied = await child.executeUpdate(survivorConfirmationUpdate, {
      args: [{ actor: staff.officer, satisfied: false }],
    });
    expect(unsatisfied.deadlines.filter((d) => d.task === 'repairCompletion' && d.status === 'pending')).toHaveLength(
      1,
    );
  });

  it('closing a case with open works needs the DA lead, and settles the works deliberately', async () => {
    const { handle, child } = await orderRepairs();
    await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.status === 'ordered',
    );
    const closing = { reason: 'survivor_declined_support', survivorAgrees: false } as const;
    expect(
      await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.officer, ...closing }] })),
    ).toEqual({
      type: 'NotPermitted',
      message: '1 linked workflow(s) still open (repairs): closing needs Head of Domestic Abuse Support approval',
    });
    await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.daLead, ...closing, openChildren: openChildrenTransferred(await caseState(handle)) }],
    });
    const settled = await child.result();
    expect(settled.status).toBe('settled');
    expect(settled.settled).toMatchObject({ reason: 'case_closed' });
    expect(settled.deadlines.map((d) => d.status)).toEqual(['cancelled']);
    const parent = await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.open === false,
    );
    expect(parent.children[0]).toMatchObject({ status: 'settled', open: false });
  });
});

describe('rehousing', () => {
  const harness = useCaseHarness();

  it('ends when the survivor chooses to stay with added security, owing no temporary accommodation any more', async () => {
    const handle = await harness.startCase({ disclosure: { immediateDanger: true } });
    const started = await handle.executeUpdate(requestRehousingUpdate, { args: [{ actor: staff.officer }] });
    const child = harness.env.client.workflow.getHandle<typeof rehousingWorkflow>(started.workflowId);
    await eventually(
      () => child.query(getRehousingQuery),
      (view) => view.deadlines[0]?.schedule !== undefined,
    );
    await child.executeUpdate(recordOptionsAppraisalUpdate, {
      args: [
        {
          actor: staff.officer,
          optionsConsidered: ['stay_with_added_security', 'management_transfer'],
          chosen: 'stay_with_added_security',
          agreedWithSurvivor: true,
        },
      ],
    });
    const finished = await child.result();
    expect(finished.status).toBe('completed');
    expect(finished.deadlines.map((d) => [d.task, d.status])).toEqual([['temporaryAccommodation', 'cancelled']]);
  });

  it('under immediate danger needs temporary accommodation the same day, then runs to the move', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '15:00'));
    const handle = await harness.startCase({ disclosure: { immediateDanger: true } });
    const caseId = handle.workflowId.replace('case-', '');
    const started = await handle.executeUpdate(requestRehousingUpdate, { args: [{ actor: staff.officer }] });
    const child = harness.env.client.workflow.getHandle<typeof rehousingWorkflow>(started.workflowId);
    const initial = await eventually(
      () => child.query(getRehousingQuery),
      (view) => view.deadlines[0]?.schedule !== undefined,
    );
    expect(initial.deadlines[0]).toMatchObject({
      task: 'temporaryAccommodation',
      schedule: { dueAt: london(monday, '23:59:59.999').toISOString() },
    });
    expect((await harness.alerts(caseId)).map((row) => row.kind)).toContain('immediate_danger');

    await harness.skipTo(london(plusDays(monday, 1), '00:01'));
    await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.task === 'temporaryAccommodation' && row.kind === 'escalation'),
    );
    const placed = await child.executeUpdate(recordTemporaryAccommodationUpdate, {
      args: [{ actor: staff.officer, placementReference: 'TA-PLACEMENT-9' }],
    });
    expect(placed.deadlines[0]!.status).toBe('met_late');

    const offer = (offerReference: string) =>
      ({ actor: staff.officer, offerReference, kind: 'management_transfer' }) as const;
    expect(await refusal(child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-1')] }))).toMatchObject({
      message: 'record the options appraisal with the survivor before an offer',
    });
    await child.executeUpdate(recordOptionsAppraisalUpdate, {
      args: [
        {
          actor: staff.officer,
          optionsConsidered: ['management_transfer', 'local_authority_homelessness'],
          chosen: 'management_transfer',
          agreedWithSurvivor: true,
        },
      ],
    });
    await child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-1')] });
    expect(
      await refusal(
        child.executeUpdate(recordOfferDecisionUpdate, {
          args: [{ actor: staff.officer, offerReference: 'OFFER-1', decision: 'refused' }],
        }),
      ),
    ).toEqual({
      type: 'InvalidCommand',
      message: "reason: record the survivor's reason for refusing",
    });
    await child.executeUpdate(recordOfferDecisionUpdate, {
      args: [
        {
          actor: staff.officer,
          offerReference: 'OFFER-1',
          decision: 'refused',
          reason: 'too close to the perpetrator',
        },
      ],
    });
    await child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-2')] });
    await child.executeUpdate(recordOfferDecisionUpdate, {
      args: [{ actor: staff.officer, offerReference: 'OFFER-2', decision: 'accepted' }],
    });

    const decision = { decisionReference: 'LA-DECISION-4', decision: 'relief_duty' } as const;
    expect((await child.executeUpdate(localAuthorityDecisionUpdate, { args: [decision] })).changed).toBe(true);
    expect((await child.executeUpdate(localAuthorityDecisionUpdate, { args: [decision] })).changed).toBe(false);
    expect(
      await refusal(
        child.executeUpdate(localAuthorityDecisionUpdate, { args: [{ ...decision, decision: 'not_eligible' }] }),
      ),
    ).toMatchObject({
      type: 'NotPossible',
    });

    const moveDate = plusDays(monday, 9);
    await child.executeUpdate(recordMoveDateUpdate, { args: [{ actor: staff.officer, moveDate }] });
    const scheduled = await eventually(
      () => child.query(getRehousingQuery),
      (view) => view.deadlines[1]?.schedule !== undefined,
    );
    expect(scheduled.deadlines[1]).toMatchObject({
      task: 'move',
      schedule: { dueAt: london(moveDate, '17:00').toISOString() },
    });
    await child.executeUpdate(recordMoveCompletedUpdate, { args: [{ actor: staff.officer }] });
    const finished = await child.result();
    expect(finished).toMatchObject({
      status: 'completed',
      offers: [{ decision: 'refused' }, { decision: 'accepted' }],
    });
    expect(JSON.stringify(finished)).not.toMatch(/address|postcode/i);
  });
});
