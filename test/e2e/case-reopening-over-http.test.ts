import { randomUUID } from 'node:crypto';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { eventually } from '../support/case-harness';
import { staffOf, useHttpCases } from '../support/http-case';

const stonewater = staffOf('stonewater');
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');

const DAY_MS = 86_400_000;
const REOPENED_TASKS = ['initialContact', 'dashAssessment', 'managerReview'];

interface DeadlineView {
  id: string;
  task: string;
  startedAt: string;
  status: string;
  schedule?: { dueAt: string };
}

/** A closed case is reopened within its profile's period (same case, new run, fresh deadlines); after it, refused. */
describe('reopening a closed case over HTTP', () => {
  const http = useHttpCases({ organisationId: 'stonewater', principals: [officer, manager] });
  const call = http.call;
  const reopenBody = { kind: 'new_incident', reason: 'A new incident was reported to the housing officer.' };
  /** Opened "now" on the API's clock: the test server's has been moved months ahead of it. */
  const openUndated = (key: string, extra: Record<string, unknown>) =>
    call(manager, 'POST', '/cases', fictionalDisclosure({ organisationId: 'stonewater', ...extra }), {
      'Idempotency-Key': key,
    });

  it('reopens within the period with fresh deadlines and the earlier record, and refuses after it', async () => {
    const caseId = await http.openCase(officer, 'e2e-reopen-0001');
    const path = (rest = '') => `/cases/${caseId}${rest}`;
    expect(
      (await call(officer, 'POST', path('/contact-attempts'), { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(200);
    const closure = { reason: 'resolved', survivorAgrees: true };
    expect((await call(officer, 'POST', path('/closure'), closure)).status).toBe(200);
    const firstRun = (await call(officer, 'GET', path('/state'))).body;

    // Only a manager or above reopens; the body is checked like any case action's.
    const byCaseworker = await call(officer, 'POST', path('/reopen'), reopenBody);
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.body.detail).toBe('only a manager or above reopens a case, not a caseworker');
    const noReason = await call(manager, 'POST', path('/reopen'), { kind: 'new_incident' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'body.reason' })]);

    // While the closed run still waits for its feedback request: the run ends, the reopened one starts.
    const reopened = await call(manager, 'POST', path('/reopen'), reopenBody, {
      'Idempotency-Key': 'e2e-reopen-key-01',
    });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({
      caseId,
      status: 'open',
      entry: { by: 'mgr-bea', byRole: 'manager', kind: 'new_incident' },
    });
    const reopenedAt: string = reopened.body.entry.at;
    const state = await eventually(
      async () => (await call(officer, 'GET', path('/state'))).body,
      (view) =>
        view.status === 'open' &&
        (view.deadlines as DeadlineView[]).filter((d) => d.startedAt === reopenedAt && d.schedule).length === 3,
    );
    expect(state.workflowId).toBe(firstRun.workflowId);
    expect(state.closure).toBeUndefined();
    expect(state.reopenings).toEqual([
      expect.objectContaining({
        at: reopenedAt,
        by: 'mgr-bea',
        closure: expect.objectContaining({ by: 'officer-ada' }),
      }),
    ]);
    // The earlier record is kept, and its contact does not meet the fresh deadlines.
    expect(state.contactAttempts).toEqual(firstRun.contactAttempts);
    const fresh = (state.deadlines as DeadlineView[]).filter((d) => d.startedAt === reopenedAt);
    expect(fresh.map((d) => [d.id, d.status])).toEqual([
      ['initialContact#2', 'pending'],
      ['dashAssessment#2', 'pending'],
      ['managerReview#2', 'pending'],
    ]);
    for (const deadline of fresh) expect(Date.parse(deadline.schedule!.dueAt)).toBeGreaterThan(Date.parse(reopenedAt));
    const earlier = (state.deadlines as DeadlineView[]).filter((d) => d.startedAt !== reopenedAt);
    expect(earlier.map((d) => d.task)).toEqual(REOPENED_TASKS);
    expect(earlier.every((d) => d.status !== 'pending')).toBe(true);

    // The projection (one row per case) is open again; the timeline keeps the first run's entries.
    const listed = await eventually(
      async () => (await call(manager, 'GET', path())).body,
      (row) => row.status === 'open',
    );
    expect(listed).toMatchObject({ caseId, status: 'open' });
    const { rows } = await http.harness.db.pool.query('SELECT status FROM cases WHERE case_id = $1', [caseId]);
    expect(rows).toEqual([{ status: 'open' }]);
    const timeline = (await call(officer, 'GET', path('/timeline'))).body.entries as { what: string; at: string }[];
    const whats = timeline.map((entry) => entry.what);
    expect(whats).toEqual(expect.arrayContaining(['Disclosure received', 'Case closed', 'Case reopened']));
    expect(whats.indexOf('Case closed')).toBeLessThan(whats.indexOf('Case reopened'));
    expect(JSON.stringify(timeline)).toContain('Contact attempt');

    // A retry with the same key answers the first result; an open case is not reopened again.
    const retried = await call(manager, 'POST', path('/reopen'), reopenBody, {
      'Idempotency-Key': 'e2e-reopen-key-01',
    });
    expect(retried.status).toBe(200);
    expect(retried.body.entry.at).toBe(reopenedAt);
    const again = await call(manager, 'POST', path('/reopen'), reopenBody);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('the case is open: only a closed case is reopened');

    // Closed again, the run finishes once its feedback request (28 days) has gone unanswered for 28 days;
    // within the period a new run reopens it.
    expect(
      (await call(officer, 'POST', path('/contact-attempts'), { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(200);
    const secondClosure = await call(officer, 'POST', path('/closure'), closure);
    expect(secondClosure.status).toBe(200);
    const closedAt = Date.parse(secondClosure.body.entry.at);
    await http.harness.skipTo(new Date(closedAt + 58 * DAY_MS));
    await eventually(
      async () => (await http.harness.env.client.workflow.getHandle(state.workflowId).describe()).status.name,
      (status) => status === 'COMPLETED',
    );
    const returned = { kind: 'survivor_returned', reason: 'The survivor asked for support again.' };
    const afterFeedback = await call(manager, 'POST', path('/reopen'), returned, {
      'Idempotency-Key': 'e2e-reopen-key-02',
    });
    expect(afterFeedback.status).toBe(200);
    expect(afterFeedback.body).toMatchObject({ status: 'open', entry: { kind: 'survivor_returned' } });
    // Its keyed retry answers the same reopening, though the new run's Update would refuse it.
    const retriedAfterFeedback = await call(manager, 'POST', path('/reopen'), returned, {
      'Idempotency-Key': 'e2e-reopen-key-02',
    });
    expect(retriedAfterFeedback.status).toBe(200);
    expect(retriedAfterFeedback.body.entry).toEqual(afterFeedback.body.entry);
    const thirdRun = await eventually(
      async () => (await call(officer, 'GET', path('/state'))).body,
      (view) =>
        view.status === 'open' &&
        (view.deadlines as DeadlineView[]).filter((d) => d.startedAt === afterFeedback.body.entry.at).length === 3,
    );
    expect(thirdRun.reopenings).toHaveLength(2);
    expect(thirdRun.reopenings[1]).toMatchObject({ feedbackRequestedAt: expect.any(String) });
    expect(
      (thirdRun.deadlines as DeadlineView[])
        .filter((d) => d.startedAt === afterFeedback.body.entry.at)
        .map((d) => d.id),
    ).toEqual(['initialContact#3', 'dashAssessment#3', 'managerReview#3']);

    // After the period: refused, with what to do instead.
    expect(
      (await call(officer, 'POST', path('/contact-attempts'), { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(200);
    const lastClosure = await call(officer, 'POST', path('/closure'), closure);
    expect(lastClosure.status).toBe(200);
    await http.harness.skipTo(new Date(Date.parse(lastClosure.body.entry.at) + 91 * DAY_MS));
    const late = await call(manager, 'POST', path('/reopen'), reopenBody);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(
      /^the period for reopening \(90 calendar days from the closure\) ended at .*: open a new case linked to this one \(POST \/cases with linkedToCaseId\)$/,
    );

    // Instead, a new case linked to the earlier one: both show the link, and its timeline names it.
    const linked = await openUndated('e2e-reopen-linked-0001', { linkedToCaseId: caseId });
    expect(linked.status).toBe(201);
    const linkedCaseId: string = linked.body.caseId;
    expect((await call(manager, 'GET', `/cases/${linkedCaseId}`)).body.linkedCases).toEqual({
      follows: caseId,
      followedBy: [],
    });
    expect((await call(manager, 'GET', path())).body.linkedCases).toEqual({ followedBy: [linkedCaseId] });
    const linkedState = await eventually(
      async () => (await call(manager, 'GET', `/cases/${linkedCaseId}/state`)).body,
      (view) => view.status === 'open',
    );
    expect(linkedState.disclosure.linkedToCaseId).toBe(caseId);
    expect(JSON.stringify((await call(manager, 'GET', `/cases/${linkedCaseId}/timeline`)).body.entries)).toContain(
      `follows the earlier closed case ${caseId}`,
    );
  });

  it('links a new case only to a closed case of the organisation the caller may see', async () => {
    const openCaseId: string = (await openUndated('e2e-reopen-open-0001', {})).body.caseId;
    const opening = (linkedToCaseId: string, key: string) => openUndated(key, { linkedToCaseId });
    const toOpen = await opening(openCaseId, 'e2e-reopen-link-bad-01');
    expect(toOpen.status).toBe(422);
    expect(toOpen.body.errors).toEqual([
      {
        field: 'body.linkedToCaseId',
        message: `case ${openCaseId} is open: record the new incident on it instead of opening another`,
      },
    ]);
    const unknown = randomUUID();
    const toUnknown = await opening(unknown, 'e2e-reopen-link-bad-02');
    expect(toUnknown.status).toBe(422);
    expect(toUnknown.body.errors).toEqual([
      { field: 'body.linkedToCaseId', message: `no case ${unknown} that you may see in this organisation` },
    ]);
    const notAnId = await opening('case-1', 'e2e-reopen-link-bad-03');
    expect(notAnId.status).toBe(400);
    expect(notAnId.body.errors).toEqual([expect.objectContaining({ field: 'body.linkedToCaseId' })]);
  });
});
