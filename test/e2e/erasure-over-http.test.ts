import { JSONToPayload } from '@temporalio/common/lib/proto-utils';
import { archiveClosedRunsWorkflow, retentionSweepWorkflow } from '../../src/workflows';
import {
  ensureRetentionSchedule,
  RETENTION_SCHEDULE_ID,
  retentionSweepInput,
} from '../../src/privacy/retention-schedule';
import { shippedProfiles } from '../support/profiles';
import { buildComplianceReport } from '../../src/audit/report';
import { decodeCaseHistory, exportCaseHistory, type CaseHistoryExport } from '../../src/audit/history';
import { verifyAllChains } from '../../src/audit/log';
import { closeCaseUpdate } from '../../src/case/messages';
import { caseIdOfWorkflowId, caseWorkflowId } from '../../src/case/state';
import { disclosureSchema } from '../../src/case/disclosure';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { CaseErasedError } from '../../src/platform/crypto/case-keys';
import { recordOpenerFor } from '../../src/platform/crypto/records';
import { MAX_ENTRIES_PER_CASE } from '../../src/privacy/erasure';
import { createRetentionActivities } from '../../src/privacy/retention-activities';
import {
  caseState,
  eventually,
  openChildrenTransferred,
  recordGoldenHistory,
  staff,
  startCaseWorkflow,
} from '../support/case-harness';
import { staffOf, useHttpCases } from '../support/http-case';
import { runAudit } from '../support/audit-cli';
import { caseKeyedDataConverter, testCaseKeys, testKey, testKeyring } from '../support/test-keys';

const kent = staffOf('kent-housing');
const officer = kent('officer-ada', 'caseworker', 'team-north');
const daLead = kent('lead-cai', 'da_lead');
const headOfService = kent('head-dee', 'head_of_service');

/** What a decoded export shows of its events' payloads. */
const eventsText = (exported: CaseHistoryExport): string =>
  JSON.stringify(exported.workflows.map((run) => run.decodedEvents));
/** The decoded input of the case's first run. */
const startedInput = (exported: CaseHistoryExport): unknown =>
  (exported.workflows[0]!.decodedEvents![0]!.attributes as any).input.payloads[0];

/** Every profile's retention, as the schedule hands it to the sweep. */
const sweepInput = { retentionByProfile: {}, defaultRetention: { yearsAfterClosure: 6 } };
/** The sweep run as if seven years had passed: every case closed now is past six years' retention. */
const sweepSevenYearsOn = (pool: Parameters<typeof createRetentionActivities>[0]) =>
  createRetentionActivities(pool, () => new Date(Date.now() + 7 * 366 * 86_400_000)).eraseCasesPastRetention({
    ...sweepInput,
    batch: 50,
  });

/**
 * Retention and erasure by key (issue 16, items 3 and 5), on a real dev server and PostgreSQL, each
 * case sealed under its own data key as the servers run: erasure destroys the key, after which the
 * case's history in Temporal and in the archive, and its notes, can no longer be decrypted; the
 * audit chains still verify and the compliance report counts the same; a legal hold blocks erasure
 * both by the schedule's sweep and by an approved request; every step is in the audit log.
 */
describe('erasure by key', () => {
  const http = useHttpCases({
    organisationId: 'kent-housing',
    principals: [officer, daLead, headOfService],
    server: 'dev',
    keys: 'case-keys',
  });
  const call = http.call;

  /** A DA lead places a legal hold on the case at `path`. */
  const placeHold = (path: string, reason: string, idempotencyKey: string) =>
    call(daLead, 'POST', `${path}/legal-holds`, { reason }, { 'Idempotency-Key': idempotencyKey });

  /** Closes the case as a DA lead does, and waits until its projection and report facts show it closed. */
  async function closeCase(caseId: string): Promise<void> {
    const handle = http.harness.client.workflow.getHandle(caseWorkflowId(caseId));
    await eventually(
      () => handle.query('getCase').catch(() => undefined),
      (view) => view !== undefined,
    );
    const view = await caseState(handle as never);
    await handle.executeUpdate(closeCaseUpdate, {
      args: [
        { actor: staff.daLead, reason: 'resolved', survivorAgrees: true, openChildren: openChildrenTransferred(view) },
      ],
    });
    await eventually(
      async () =>
        (
          await http.harness.db.pool.query<{ closed: boolean }>(
            `SELECT c.status = 'closed' AND f.closed_at IS NOT NULL AS closed FROM cases c
             JOIN case_report_facts f USING (case_id) WHERE case_id = $1`,
            [caseId],
          )
        ).rows[0]?.closed,
      (closed) => closed === true,
    );
  }

  /** Opens a case (over HTTP unless `open` says otherwise) with a note, closes it, ends its workflows and archives its runs. */
  async function closedArchivedCase(
    key: string,
    open: () => Promise<string> = () => http.openCase(officer, key),
  ): Promise<{ caseId: string; noteId: string }> {
    const caseId = await open();
    const note = await call(
      officer,
      'POST',
      `/cases/${caseId}/notes`,
      { type: 'call', occurredAt: new Date(Date.now() - 60_000).toISOString(), text: 'A fictional call note.' },
      { 'Idempotency-Key': `${key}-note` },
    );
    expect(note.status).toBe(201);
    const contacted = await call(
      officer,
      'POST',
      `/cases/${caseId}/contact-attempts`,
      { outcome: 'reached', channel: 'phone' },
      { 'Idempotency-Key': `${key}-contact` },
    );
    expect(contacted.status).toBe(200);
    await closeCase(caseId);
    const client = http.harness.client;
    const handle = client.workflow.getHandle(caseWorkflowId(caseId));
    // The feedback window would keep the run open four weeks: end it, and its children, as they would end.
    for (const child of (await caseState(handle as never)).children)
      await client.workflow.getHandle(child.workflowId).terminate('test: case ended');
    await handle.terminate('test: case ended');
    const runs = (await exportCaseHistory(client, caseId)).workflows.length;
    let archiveWorkflowId = '';
    await eventually(
      async () => {
        archiveWorkflowId = `archive-${caseId}-${Date.now()}`;
        await client.workflow.execute(archiveClosedRunsWorkflow, {
          taskQueue: http.harness.taskQueue,
          workflowId: archiveWorkflowId,
        });
        return (await http.harness.db.pool.query('SELECT 1 FROM archived_runs WHERE case_id = $1', [caseId])).rowCount;
      },
      (archived) => archived === runs,
    );
    await recordGoldenHistory(client.workflow.getHandle(archiveWorkflowId), 'archive-closed-runs');
    return { caseId, noteId: note.body.noteId as string };
  }

  const auditedActions = async (caseId: string) =>
    (
      await http.harness.db.pool.query<{ action: string; outcome: string; actor_staff_id: string; detail: any }>(
        `SELECT action, outcome, actor_staff_id, detail FROM audit_log WHERE case_id = $1 AND action LIKE 'case.%' ORDER BY seq`,
        [caseId],
      )
    ).rows.filter((row) => /legal_hold|eras/.test(row.action));

  const today = new Date().toISOString().slice(0, 10);
  const report = () =>
    buildComplianceReport(
      http.harness.db.pool,
      { from: today, to: today, organisationId: 'kent-housing' },
      { now: () => new Date(`${today}T23:00:00Z`) },
    );

  it('an approved request erases a closed case once its legal hold is lifted, and nothing of it decrypts afterwards', async () => {
    const pool = http.harness.db.pool;
    const { caseId, noteId } = await closedArchivedCase('e2e-erasure-request-0001');
    const path = `/cases/${caseId}`;
    const reportBefore = await report();
    const sealedNote = (
      await pool.query<{ key_id: string; sealed: Buffer }>('SELECT key_id, sealed FROM case_notes WHERE note_id = $1', [
        noteId,
      ])
    ).rows[0]!;
    expect(sealedNote.key_id).toBe('case-key:v1');
    const exportedBefore = await exportCaseHistory(http.harness.client, caseId);
    // before: a fresh reader (no cached key) decrypts the history, as the auditor's tools do
    const freshConverter = () => caseKeyedDataConverter(testCaseKeys(pool));
    const decodedBefore = eventsText(await decodeCaseHistory(exportedBefore, freshConverter()));
    expect(decodedBefore).not.toContain('undecodable');
    expect(decodedBefore).toContain('"openedAt"');
    const keyRow = await pool.query('SELECT wrapped_key, kek_id, organisation_id FROM case_keys WHERE case_id = $1', [
      caseId,
    ]);
    expect(keyRow.rows[0]).toMatchObject({ kek_id: 'public-test-key', organisation_id: 'kent-housing' });
    expect(Buffer.isBuffer(keyRow.rows[0].wrapped_key)).toBe(true);

    const hold = await placeHold(path, 'Civil claim pending', 'hold-0001');
    expect(hold.status).toBe(201);
    const holdId = hold.body.holdId as string;
    const noReason = await call(officer, 'POST', `${path}/erasure-requests`, {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    const request = await call(officer, 'POST', `${path}/erasure-requests`, {
      reason: 'The survivor asked in writing for her records to be erased',
    });
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ requestNumber: 1, requestedBy: 'officer-ada' });

    // a caseworker records the request, but cannot decide it
    const byOfficer = await call(officer, 'POST', `${path}/erasure-requests/1/decision`, {
      decision: 'approved',
      reason: 'No duty to keep',
    });
    expect(byOfficer.status).toBe(403);
    // the hold blocks the approval, naming itself; the request stays undecided
    const blocked = await call(daLead, 'POST', `${path}/erasure-requests/1/decision`, {
      decision: 'approved',
      reason: 'No legal duty to keep the record applies',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.type).toBe('/problems/legal-hold');
    expect(blocked.body.detail).toContain(holdId);
    // and the schedule's sweep, past the retention, leaves a held case alone
    expect(await sweepSevenYearsOn(pool)).toMatchObject({ erased: 0, held: 1 });
    expect((await call(daLead, 'GET', path)).status).toBe(200);

    expect(
      (await call(officer, 'POST', `${path}/legal-holds/${holdId}/lift`, { reason: 'Claim settled' })).status,
    ).toBe(403);
    const lifted = await call(headOfService, 'POST', `${path}/legal-holds/${holdId}/lift`, { reason: 'Claim settled' });
    expect(lifted.status).toBe(200);
    expect(lifted.body).toMatchObject({ liftedBy: 'head-dee', liftReason: 'Claim settled' });

    const approved = await call(daLead, 'POST', `${path}/erasure-requests/1/decision`, {
      decision: 'approved',
      reason: 'No legal duty to keep the record applies',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ decision: 'approved', decidedBy: 'lead-cai', erasedAt: expect.any(String) });
    const erasedOn = (approved.body.erasedAt as string).slice(0, 10);

    // the key is gone from the database: only its erasure remains
    const erasedRow = await pool.query(
      'SELECT wrapped_key, erased_at, erasure_reason, erasure_reference FROM case_keys WHERE case_id = $1',
      [caseId],
    );
    expect(erasedRow.rows[0]).toMatchObject({
      wrapped_key: null,
      erasure_reason: 'erasure_request',
      erasure_reference: 'request-1',
    });

    // Temporal's history and the archive's copy no longer decrypt, with a fresh reader as with the API's
    const decodedAfter = await decodeCaseHistory(exportedBefore, freshConverter());
    expect(startedInput(decodedAfter)).toEqual({
      undecodable: expect.stringContaining(`case ${caseId} was erased on ${erasedOn}`),
    });
    expect(eventsText(decodedAfter)).not.toContain('"openedAt"');
    const archived = await pool.query<{ history: string }>('SELECT history FROM archived_runs WHERE case_id = $1', [
      caseId,
    ]);
    expect(archived.rowCount).toBeGreaterThan(0);
    for (const row of archived.rows) {
      const started = JSON.parse(row.history).events[0].workflowExecutionStartedEventAttributes;
      const payload = JSONToPayload(started.input.payloads[0]);
      const codec = freshConverter().payloadCodecs![0]!;
      await expect(codec.decode([payload])).rejects.toThrow(`case ${caseId} was erased on ${erasedOn}`);
    }
    // the note sealed before, even its bytes kept from a backup, no longer opens
    const opener = await recordOpenerFor({ keyring: testKeyring, caseKeys: testCaseKeys(pool) }, caseId);
    expect(() =>
      opener({ keyId: sealedNote.key_id, sealed: sealedNote.sealed }, `case-note:${noteId}:case:${caseId}`),
    ).toThrow(CaseErasedError);
    expect(
      (
        await pool.query<{ size: number }>('SELECT octet_length(sealed) AS size FROM case_notes WHERE note_id = $1', [
          noteId,
        ])
      ).rows[0]!.size,
    ).toBe(0);
    // the projection keeps only what reports count: no staff on the case
    const projected = await pool.query(
      'SELECT status, case_officer_id, perpetrator_officer_id FROM cases WHERE case_id = $1',
      [caseId],
    );
    expect(projected.rows[0]).toEqual({ status: 'closed', case_officer_id: 'erased', perpetrator_officer_id: null });
    // a request's plain fingerprint would confirm a guess at what it said: the opening's and the action's are gone
    const fingerprints = await pool.query<{ request_fingerprint: string }>(
      `SELECT request_fingerprint FROM disclosure_requests WHERE case_id = $1
       UNION ALL SELECT request_fingerprint FROM case_action_keys WHERE workflow_id = $2`,
      [caseId, caseWorkflowId(caseId)],
    );
    expect(fingerprints.rows.map((row) => row.request_fingerprint)).toEqual(['erased', 'erased']);

    // every read answers that the case was erased, and when
    for (const read of ['', '/timeline', '/history', '/replay', '/notes', '/chronology', '/subject-access']) {
      const answer = await call(daLead, 'GET', `${path}${read}`);
      expect({ read, status: answer.status, type: answer.body.type }).toEqual({
        read,
        status: 410,
        type: '/problems/case-erased',
      });
      expect(answer.body.detail).toContain(`erased on ${erasedOn}`);
    }
    expect((await call(daLead, 'GET', `${path}/erasure-requests`)).body.items).toHaveLength(1);
    expect((await call(daLead, 'POST', `${path}/legal-holds`, { reason: 'Too late now' })).status).toBe(410);

    // the audit trail stays whole, the report counts the same, and every step is in the log
    expect((await verifyAllChains(pool)).map((chain) => chain.ok)).toEqual([true, true]);
    expect(await report()).toEqual(reportBefore);
    expect((await auditedActions(caseId)).map((row) => [row.action, row.outcome, row.actor_staff_id])).toEqual([
      ['case.legal_hold.placed', 'accepted', 'lead-cai'],
      ['case.erasure.requested', 'refused', 'officer-ada'],
      ['case.erasure.requested', 'accepted', 'officer-ada'],
      ['case.erasure.decided', 'refused', 'officer-ada'],
      ['case.erasure.decided', 'refused', 'lead-cai'],
      ['case.legal_hold.lifted', 'refused', 'officer-ada'],
      ['case.legal_hold.lifted', 'accepted', 'head-dee'],
      ['case.erased', 'accepted', 'lead-cai'],
      ['case.erasure.decided', 'accepted', 'lead-cai'],
      ['case.legal_hold.placed', 'refused', 'lead-cai'],
    ]);

    // the auditor's replay reports the erasure, not an error
    const replayed = await runAudit(['replay', caseId], {
      DATABASE_URL: http.harness.db.url,
      TEMPORAL_ADDRESS: http.harness.env.connection.options.address,
      PAYLOAD_ENCRYPTION_KEYS: `public-test-key:${testKey.toString('base64')}`,
    });
    expect(replayed.out.join('\n')).toContain(`case ${caseId}: erased on ${erasedOn}`);
    expect(replayed.code).toBe(0);
  });

  it('the daily sweep erases a closed case past its retention once no hold is left', async () => {
    const pool = http.harness.db.pool;
    const { caseId } = await closedArchivedCase('e2e-erasure-sweep-0001');
    const path = `/cases/${caseId}`;
    const reportBefore = await report();
    // the daily schedule is ensured with every profile's retention, and its workflow, run now, erases
    // nothing: the case closed within its period
    await ensureRetentionSchedule({
      client: http.harness.client,
      profiles: shippedProfiles,
      taskQueue: http.harness.taskQueue,
    });
    const described = await http.harness.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    expect(described.action).toMatchObject({ workflowType: 'retentionSweepWorkflow' });
    expect(
      await http.harness.client.workflow.execute(retentionSweepWorkflow, {
        taskQueue: http.harness.taskQueue,
        workflowId: `retention-${caseId}`,
        args: [retentionSweepInput(shippedProfiles)],
      }),
    ).toEqual({ erased: 0, held: 0 });
    await recordGoldenHistory(http.harness.client.workflow.getHandle(`retention-${caseId}`), 'retention-sweep');
    expect((await call(daLead, 'GET', path)).status).toBe(200);
    const hold = await call(daLead, 'POST', `${path}/legal-holds`, { reason: 'Police request' });
    expect(hold.status).toBe(201);
    expect(await sweepSevenYearsOn(pool)).toMatchObject({ erased: 0, held: 1 });
    expect((await call(daLead, 'GET', path)).status).toBe(200);
    expect(
      (await call(daLead, 'POST', `${path}/legal-holds/${hold.body.holdId}/lift`, { reason: 'Request withdrawn' }))
        .status,
    ).toBe(200);

    expect(await sweepSevenYearsOn(pool)).toMatchObject({ erased: 1, held: 0 });
    const erased = await call(daLead, 'GET', path);
    expect(erased.status).toBe(410);
    expect(erased.body.type).toBe('/problems/case-erased');
    const decoded = await decodeCaseHistory(
      await exportCaseHistory(http.harness.client, caseId),
      caseKeyedDataConverter(testCaseKeys(pool)),
    );
    expect(startedInput(decoded)).toEqual({ undecodable: expect.stringContaining('was erased on') });
    expect(eventsText(decoded)).not.toContain('"openedAt"');
    expect(await sweepSevenYearsOn(pool)).toMatchObject({ erased: 0 }); // idempotent
    expect((await verifyAllChains(pool)).map((chain) => chain.ok)).toEqual([true, true]);
    expect(await report()).toEqual(reportBefore);
    const erasure = (await auditedActions(caseId)).find((row) => row.action === 'case.erased')!;
    expect(erasure).toMatchObject({
      outcome: 'accepted',
      actor_staff_id: 'retention-sweep',
      detail: { reason: 'retention', sealedRecordsRemoved: 1 },
    });
  });

  it('a retry racing its first try records one request, and a case takes at most 100 legal holds and 100 requests', async () => {
    const caseId = await http.openCase(officer, 'e2e-erasure-bounds-0001');
    const path = `/cases/${caseId}`;
    const asked = { reason: 'The survivor asked in writing for her records to be erased' };
    const raced = await Promise.all(
      [1, 2, 3].map(() =>
        call(officer, 'POST', `${path}/erasure-requests`, asked, { 'Idempotency-Key': 'erasure-race-0001' }),
      ),
    );
    expect(raced.map((answer) => answer.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(raced.map((answer) => answer.body.requestNumber))).toEqual(new Set([1]));

    for (let placed = 0; placed < MAX_ENTRIES_PER_CASE; placed++)
      expect((await placeHold(path, 'Police request', `bounds-hold-${placed}`)).status).toBe(201);
    const oneMore = await placeHold(path, 'Police request', 'bounds-hold-one-more');
    expect(oneMore.status).toBe(409);
    expect(oneMore.body.detail).toContain(`already holds ${MAX_ENTRIES_PER_CASE} legal holds`);
    // a retry of a hold already placed is still answered with it
    expect((await placeHold(path, 'Police request', 'bounds-hold-0')).status).toBe(200);
    // and requests: the race above recorded the first
    const request = (key: string) =>
      call(officer, 'POST', `${path}/erasure-requests`, asked, { 'Idempotency-Key': key });
    for (let recorded = 1; recorded < MAX_ENTRIES_PER_CASE; recorded++)
      expect((await request(`bounds-request-${recorded}`)).status).toBe(201);
    const oneMoreRequest = await request('bounds-request-one-more');
    expect(oneMoreRequest.status).toBe(409);
    expect(oneMoreRequest.body.detail).toContain(`already holds ${MAX_ENTRIES_PER_CASE} erasure requests`);
    expect((await call(officer, 'GET', `${path}/erasure-requests`)).body.items).toHaveLength(MAX_ENTRIES_PER_CASE);
    expect((await call(daLead, 'GET', `${path}/legal-holds`)).body.items).toHaveLength(MAX_ENTRIES_PER_CASE);
  });

  it('ends the runs an erased case still had open, which could never decode their history again', async () => {
    const caseId = await http.openCase(officer, 'e2e-erasure-open-run-0001');
    await closeCase(caseId);
    // closed, its run waits out the feedback window
    const run = http.harness.client.workflow.getHandle(caseWorkflowId(caseId));
    expect((await run.describe()).status.name).toBe('RUNNING');
    const reason = { reason: 'The survivor asked in writing for her records to be erased' };
    expect((await call(officer, 'POST', `/cases/${caseId}/erasure-requests`, reason)).status).toBe(201);
    const decision = { decision: 'approved', reason: 'No legal duty to keep the record applies' };
    expect((await call(daLead, 'POST', `/cases/${caseId}/erasure-requests/1/decision`, decision)).status).toBe(200);
    expect((await run.describe()).status.name).toBe('TERMINATED');
    // a retry of the decision answers it again
    expect((await call(daLead, 'POST', `/cases/${caseId}/erasure-requests/1/decision`, decision)).status).toBe(200);
  });

  it('a case opened before case keys is refused everywhere once erased, and its archived runs under the deployment key go', async () => {
    const pool = http.harness.db.pool;
    // opened through a client with the deployment's keys only, as the servers were before case keys;
    // the rest of its run is sealed under the case key the worker then gives it
    const { caseId } = await closedArchivedCase('e2e-erasure-legacy-0001', async () => {
      const disclosure = disclosureSchema.parse(fictionalDisclosure({ organisationId: 'kent-housing' }));
      const handle = await startCaseWorkflow(http.harness.env.client, http.harness.taskQueue, { disclosure });
      const caseId = caseIdOfWorkflowId(handle.workflowId)!;
      await eventually(
        () => call(officer, 'GET', `/cases/${caseId}`),
        (read) => read.status === 200,
      );
      return caseId;
    });
    const path = `/cases/${caseId}`;
    const exported = await exportCaseHistory(http.harness.client, caseId);
    const firstPayload = (exported.workflows[0]!.history.events![0] as any).workflowExecutionStartedEventAttributes
      .input.payloads[0];
    expect(firstPayload.metadata['encryption-key-id']).toBeDefined();
    expect(startedInput(await decodeCaseHistory(exported, caseKeyedDataConverter(testCaseKeys(pool))))).toMatchObject({
      caseId,
    });
    const archivedRuns = (await pool.query('SELECT 1 FROM archived_runs WHERE case_id = $1', [caseId])).rowCount;

    const reason = { reason: 'The survivor asked in writing for her records to be erased' };
    expect((await call(officer, 'POST', `${path}/erasure-requests`, reason)).status).toBe(201);
    const approved = await call(daLead, 'POST', `${path}/erasure-requests/1/decision`, {
      decision: 'approved',
      reason: 'No legal duty to keep the record applies',
    });
    expect(approved.status).toBe(200);

    // what the deployment's keys sealed cannot be shredded: the product refuses it, and its archived copies are gone
    const decodedAfter = await decodeCaseHistory(
      await exportCaseHistory(http.harness.client, caseId),
      caseKeyedDataConverter(testCaseKeys(pool)),
    );
    expect(startedInput(decodedAfter)).toEqual({
      undecodable: expect.stringContaining(`case ${caseId} was erased on`),
    });
    expect(eventsText(decodedAfter)).not.toContain('"openedAt"');
    expect((await pool.query('SELECT 1 FROM archived_runs WHERE case_id = $1', [caseId])).rowCount).toBe(0);
    const erasure = (await auditedActions(caseId)).find((row) => row.action === 'case.erased')!;
    expect(erasure.detail).toMatchObject({ archivedRunsSealedBeforeCaseKeysRemoved: archivedRuns });
    expect((await call(daLead, 'GET', path)).status).toBe(410);
    expect((await verifyAllChains(pool)).map((chain) => chain.ok)).toEqual([true, true]);
  });
});
