import { closeCaseUpdate, requestEmergencyRepairsUpdate, requestRehousingUpdate } from '../../src/workflows/case/messages';
import {
  getRehousingQuery,
  localAuthorityDecisionUpdate,
  recordMoveCompletedUpdate,
  recordMoveDateUpdate,
  recordOfferDecisionUpdate,
  recordOfferUpdate,
  recordOptionsAppraisalUpdate,
  recordTemporaryAccommodationUpdate,
} from '../../src/workflows/rehousing/messages';
import type { rehousingWorkflow } from '../../src/workflows/rehousing/workflow';
import { contractorUpdate, getRepairsQuery, survivorConfirmationUpdate, survivorToldOfDelayUpdate } from '../../src/workflows/repairs/messages';
import type { repairsWorkflow } from '../../src/workflows/repairs/workflow';
import { caseState, eventually, london, plusDays, quietMondayAfter, refusal, staff, startCaseHarness, type CaseHarness, openChildrenTransferred } from '../support/case-harness';
import { gatewayTo, partnerSecret, startPartnerStub } from '../support/partner-stub';

const HOUR = 3_600_000;

describe('emergency repairs and security', () => {
  let harness: CaseHarness;
  let contractor: Awaited<ReturnType<typeof startPartnerStub>>;
  beforeAll(async () => {
    contractor = await startPartnerStub(partnerSecret);
    harness = await startCaseHarness({}, gatewayTo(contractor));
  });
  afterAll(async () => {
    await harness?.stop();
    await contractor?.close();
  });

  const orderRepairs = async () => {
    const handle = await harness.startCase();
    const status = await handle.executeUpdate(requestEmergencyRepairsUpdate, {
      args: [{ actor: staff.officer, works: ['lock change', 'door chain'], securityScheme: 'safer_scheme' }],
    });
    return { handle, caseId: handle.workflowId.replace('case-', ''), child: harness.env.client.workflow.getHandle<typeof repairsWorkflow>(status.workflowId) };
  };

  it('orders the works at no charge and escalates to the repairs manager and DA lead when not done in 24 hours', async () => {
    const { caseId, child } = await orderRepairs();
    const order = await eventually(() => child.query(getRepairsQuery), (view) => view.order !== undefined && view.deadlines[0]?.schedule !== undefined);
    expect(order.chargeToSurvivorPence).toBe(0);
    const sent = contractor.requests.find((request) => request.idempotencyKey === order.orderId)!;
    expect(sent).toMatchObject({ signatureValid: true, body: { chargeToSurvivorPence: 0, priority: 'emergency', works: ['lock change', 'door chain'] } });
    expect(Date.parse(sent.body.completeBy as string) - Date.parse(order.requestedAt)).toBe(24 * HOUR);
    expect(Date.parse(order.deadlines[0]!.schedule!.dueAt)).toBe(Date.parse(order.requestedAt) + 24 * HOUR);

    await harness.skipTo(new Date(Date.parse(order.requestedAt) + 24 * HOUR + 60_000));
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.filter((row) => row.task === 'repairCompletion' && row.kind === 'escalation').length >= 2,
    );
    expect(alerts.filter((row) => row.task === 'repairCompletion' && row.kind === 'escalation').map((row) => `${row.rung}:${row.recipient_staff_ids.join()}`)).toEqual([
      'repairs_manager:repairs-gus',
      'da_lead:lead-cai',
    ]);
  });

  it('when the contractor cannot make 24 hours, obliges and records telling the survivor, then needs her confirmation', async () => {
    const { caseId, child, handle } = await orderRepairs();
    const order = await eventually(() => child.query(getRepairsQuery), (view) => view.order !== undefined);
    const newCompletionBy = new Date(Date.parse(order.requestedAt) + 72 * HOUR).toISOString();
    const delay = { outcome: 'not_practicable', newCompletionBy, reason: 'specialist lock on order' } as const;
    expect((await child.executeUpdate(contractorUpdate, { args: [delay] })).changed).toBe(true);
    expect((await child.executeUpdate(contractorUpdate, { args: [delay] })).changed).toBe(false);

    const delayed = await eventually(() => child.query(getRepairsQuery), (view) => view.deadlines.every((d) => d.schedule));
    expect(delayed.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['repairCompletion#1', 'cancelled'],
      ['repairCompletion#2', 'pending'],
      ['informSurvivorOfRepairDelay#1', 'pending'],
    ]);
    expect(delayed.deadlines[1]!.schedule!.dueAt).toBe(newCompletionBy);
    const tellBy = Date.parse(delayed.deadlines[2]!.schedule!.dueAt);

    // Nobody tells the survivor in time: that is a breach of its own.
    await harness.skipTo(new Date(tellBy + 60_000));
    await eventually(() => harness.alerts(caseId), (rows) => rows.some((row) => row.task === 'informSurvivorOfRepairDelay' && row.kind === 'escalation'));
    const told = await child.executeUpdate(survivorToldOfDelayUpdate, { args: [{ actor: staff.officer, channel: 'text' }] });
    expect(told.delays[0]!.survivorTold).toMatchObject({ by: 'officer-ada', channel: 'text' });
    expect(told.deadlines[2]!.status).toBe('met_late');

    expect(await refusal(child.executeUpdate(survivorConfirmationUpdate, { args: [{ actor: staff.officer, satisfied: true }] }))).toEqual({
      type: 'NotPossible',
      message: 'the contractor has not reported the works complete',
    });
    const completion = { outcome: 'completed', completedAt: new Date(await harness.env.currentTimeMs()).toISOString(), evidenceReference: 'PHOTO-SET-17' } as const;
    expect((await child.executeUpdate(contractorUpdate, { args: [completion] })).changed).toBe(true);
    expect((await child.executeUpdate(contractorUpdate, { args: [completion] })).changed).toBe(false);
    expect(await refusal(child.executeUpdate(contractorUpdate, { args: [delay] }))).toMatchObject({
      type: 'NotPossible',
      message: expect.stringContaining('already reported the works complete'),
    });
    await child.executeUpdate(survivorConfirmationUpdate, { args: [{ actor: staff.officer, satisfied: true }] });
    expect((await child.result()).status).toBe('completed');
    const parent = await eventually(() => caseState(handle), (view) => view.children[0]?.open === false);
    expect(parent.children[0]).toMatchObject({ kind: 'repairs', status: 'completed' });
  });

  it('closing a case with open works needs the DA lead, and settles the works deliberately', async () => {
    const { handle, child } = await orderRepairs();
    await eventually(() => caseState(handle), (view) => view.children[0]?.status === 'ordered');
    const closing = { reason: 'survivor_declined_support', survivorAgrees: false } as const;
    expect(await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.officer, ...closing }] }))).toEqual({
      type: 'NotPermitted',
      message: '1 linked workflow(s) still open (repairs): closing needs Head of Domestic Abuse Support approval',
    });
    await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.daLead, ...closing, openChildren: openChildrenTransferred(await caseState(handle)) }] });
    const settled = await child.result();
    expect(settled.status).toBe('settled');
    expect(settled.settled).toMatchObject({ reason: 'case_closed' });
    expect(settled.deadlines.map((d) => d.status)).toEqual(['cancelled']);
    const parent = await eventually(() => caseState(handle), (view) => view.children[0]?.open === false);
    expect(parent.children[0]).toMatchObject({ status: 'settled', open: false });
  });
});

describe('rehousing', () => {
  let harness: CaseHarness;
  beforeAll(async () => {
    harness = await startCaseHarness();
  });
  afterAll(() => harness?.stop());

  it('ends when the survivor chooses to stay with added security, owing no temporary accommodation any more', async () => {
    const handle = await harness.startCase({ disclosure: { immediateDanger: true } });
    const started = await handle.executeUpdate(requestRehousingUpdate, { args: [{ actor: staff.officer }] });
    const child = harness.env.client.workflow.getHandle<typeof rehousingWorkflow>(started.workflowId);
    await eventually(() => child.query(getRehousingQuery), (view) => view.deadlines[0]?.schedule !== undefined);
    await child.executeUpdate(recordOptionsAppraisalUpdate, {
      args: [{ actor: staff.officer, optionsConsidered: ['stay_with_added_security', 'management_transfer'], chosen: 'stay_with_added_security', agreedWithSurvivor: true }],
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
    const initial = await eventually(() => child.query(getRehousingQuery), (view) => view.deadlines[0]?.schedule !== undefined);
    expect(initial.deadlines[0]).toMatchObject({ task: 'temporaryAccommodation', schedule: { dueAt: london(monday, '23:59:59.999').toISOString() } });
    expect((await harness.alerts(caseId)).map((row) => row.kind)).toContain('immediate_danger');

    await harness.skipTo(london(plusDays(monday, 1), '00:01'));
    await eventually(() => harness.alerts(caseId), (rows) => rows.some((row) => row.task === 'temporaryAccommodation' && row.kind === 'escalation'));
    const placed = await child.executeUpdate(recordTemporaryAccommodationUpdate, { args: [{ actor: staff.officer, placementReference: 'TA-PLACEMENT-9' }] });
    expect(placed.deadlines[0]!.status).toBe('met_late');

    const offer = (offerReference: string) => ({ actor: staff.officer, offerReference, kind: 'management_transfer' } as const);
    expect(await refusal(child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-1')] }))).toMatchObject({
      message: 'record the options appraisal with the survivor before an offer',
    });
    await child.executeUpdate(recordOptionsAppraisalUpdate, {
      args: [{ actor: staff.officer, optionsConsidered: ['management_transfer', 'local_authority_homelessness'], chosen: 'management_transfer', agreedWithSurvivor: true }],
    });
    await child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-1')] });
    expect(await refusal(child.executeUpdate(recordOfferDecisionUpdate, { args: [{ actor: staff.officer, offerReference: 'OFFER-1', decision: 'refused' }] }))).toEqual({
      type: 'InvalidCommand',
      message: "reason: record the survivor's reason for refusing",
    });
    await child.executeUpdate(recordOfferDecisionUpdate, { args: [{ actor: staff.officer, offerReference: 'OFFER-1', decision: 'refused', reason: 'too close to the perpetrator' }] });
    await child.executeUpdate(recordOfferUpdate, { args: [offer('OFFER-2')] });
    await child.executeUpdate(recordOfferDecisionUpdate, { args: [{ actor: staff.officer, offerReference: 'OFFER-2', decision: 'accepted' }] });

    const decision = { decisionReference: 'LA-DECISION-4', decision: 'relief_duty' } as const;
    expect((await child.executeUpdate(localAuthorityDecisionUpdate, { args: [decision] })).changed).toBe(true);
    expect((await child.executeUpdate(localAuthorityDecisionUpdate, { args: [decision] })).changed).toBe(false);
    expect(await refusal(child.executeUpdate(localAuthorityDecisionUpdate, { args: [{ ...decision, decision: 'not_eligible' }] }))).toMatchObject({
      type: 'NotPossible',
    });

    const moveDate = plusDays(monday, 9);
    await child.executeUpdate(recordMoveDateUpdate, { args: [{ actor: staff.officer, moveDate }] });
    const scheduled = await eventually(() => child.query(getRehousingQuery), (view) => view.deadlines[1]?.schedule !== undefined);
    expect(scheduled.deadlines[1]).toMatchObject({ task: 'move', schedule: { dueAt: london(moveDate, '17:00').toISOString() } });
    await child.executeUpdate(recordMoveCompletedUpdate, { args: [{ actor: staff.officer }] });
    const finished = await child.result();
    expect(finished).toMatchObject({ status: 'completed', offers: [{ decision: 'refused' }, { decision: 'accepted' }] });
    expect(JSON.stringify(finished)).not.toMatch(/address|postcode/i);
  });
});
