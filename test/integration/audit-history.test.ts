import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { EXIT_BROKEN, EXIT_OK, EXIT_USAGE } from '../../src/audit/cli';
import { runAudit } from '../support/audit-cli';
import {
  CASE_HISTORY_FORMAT,
  decodeCaseHistory,
  exportCaseHistory,
  replayCaseHistory,
  type CaseHistoryExport,
} from '../../src/audit/history';
import { caseTimeline } from '../../src/case/timeline';
import { loadCaseTimeline } from '../../src/audit/timeline-source';
import type { TimelineEntry } from '../../src/platform/workflow/timeline-entry';
import { disclosureSchema } from '../../src/case/disclosure';
import {
  approveLawfulBasisUpdate,
  recordConsentDecisionUpdate,
  recordContactAttemptUpdate,
  recordDashUpdate,
  recordManagerReviewUpdate,
  recordSafetyPlanUpdate,
  releaseInformationUpdate,
  requestSharingUpdate,
} from '../../src/case/messages';
import { caseWorkflowId, type CaseView } from '../../src/case/state';
import { submitMaracReferralUpdate } from '../../src/children/marac/messages';
import {
  contractorUpdate,
  requestEmergencyRepairsUpdate,
  survivorConfirmationUpdate,
} from '../../src/children/repairs/messages';
import { fictionalDisclosure, fictionalSafeWord, fictionalSurvivorReference } from '../fixtures/disclosures';
import {
  caseState,
  eventually,
  seedStaff,
  startCaseWorkflow,
  staff,
  startCaseHarness,
  type CaseHarness,
  closeAndAwaitFeedback,
} from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDevServerEnv, createTestWorker } from '../support/temporal';
import { workflowBundleFile } from '../support/test-env';
import { testDataConverter } from '../support/test-keys';
import { caseIdOwningWorkflow } from '../../src/case/workflow-ids';

/** The public test key of test/support/test-keys.ts, as the CLI reads keys: PAYLOAD_ENCRYPTION_KEYS. */
const testKeys = `public-test-key:${createHash('sha256').update('da-case-orchestrator: public test key, protects nothing').digest('base64')}`;
const perpetratorReference = 'FICTIONAL-PERP-0042';

/** Runs the CLI in-process and captures what it prints. */
const cli = runAudit;

const codes = (timeline: TimelineEntry[]) => timeline.map((entry) => entry.code);
const find = (timeline: TimelineEntry[], code: string, about?: string) =>
  timeline.find(
    (entry) => entry.code === code && (about === undefined || `${entry.what} ${entry.detail}`.includes(about)),
  );

describe('case histories, timelines and replay on the time-skipping server', () => {
  let harness: CaseHarness;
  let temporalEnv: NodeJS.ProcessEnv;
  let scratch: string;
  /** a case driven from disclosure through escalation, high risk, MARAC, sharing, repairs, closure and feedback */
  let full: { caseId: string; monday: string; closedView: CaseView };
  /** a case that continued as new */
  let long: { caseId: string; firstRunId: string; latestRunId: string };

  beforeAll(async () => {
    harness = await startCaseHarness();
    // as an auditor runs it: Temporal, the workers' keys, and the case database (its archive of closed runs)
    temporalEnv = {
      TEMPORAL_ADDRESS: harness.env.address,
      PAYLOAD_ENCRYPTION_KEYS: testKeys,
      DATABASE_URL: harness.db.url,
    };
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-history-'));

    // --- the full case ---------------------------------------------------------------------
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({
      disclosure: { perpetrator: { isResident: false, reference: perpetratorReference } },
    });
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(recordContactAttemptUpdate, {
      args: [{ actor: staff.officer, outcome: 'reached', channel: 'phone' }],
    });

    // No DASH by close of business on Wednesday: reminded, then the line manager is alerted.
    await harness.skipTo(london(plusDays(monday, 2), '17:01'));
    await eventually(
      () => caseState(handle),
      (view) => view.deadlines.some((d) => d.task === 'dashAssessment' && d.escalations.length > 0),
    );
    await handle.executeUpdate(recordDashUpdate, {
      args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 16, policeCallOutsLast12Months: 3 } }],
    });
    await handle.executeUpdate(recordSafetyPlanUpdate, {
      args: [
        { actor: staff.officer, measures: ['Agree a code for calls', 'Keep a bag ready'], agreedWithSurvivor: true },
      ],
    });

    // Sharing: the survivor refuses; a manager approves the high-risk MARAC basis; the officer releases.
    const scope = {
      agency: 'Northshire IDVA service',
      purpose: 'independent advocacy',
      dataCategories: ['risk summary'],
    };
    const requested = await handle.executeUpdate(requestSharingUpdate, { args: [{ actor: staff.officer, ...scope }] });
    await handle.executeUpdate(recordConsentDecisionUpdate, {
      args: [{ actor: staff.officer, decision: 'refused', scope }],
    });
    await handle.executeUpdate(approveLawfulBasisUpdate, {
      args: [
        {
          actor: staff.manager,
          requestId: requested.request.id,
          basis: 'high_risk_marac',
          rationale: 'Visible high risk with escalating police call-outs; the IDVA must act before the MARAC.',
          tellSurvivor: false,
          reasonNotTelling: 'telling her now would alert the perpetrator',
        },
      ],
    });
    await handle.executeUpdate(releaseInformationUpdate, {
      args: [{ actor: staff.officer, requestId: requested.request.id }],
    });

    // The MARAC referral child (started by the high-risk DASH) is submitted.
    const referral = await eventually(
      () => caseState(handle),
      (view) => view.children.some((child) => child.kind === 'marac'),
    );
    const maracId = referral.children.find((child) => child.kind === 'marac')!.workflowId;
    await harness.env.client.workflow.getHandle(maracId).executeUpdate(submitMaracReferralUpdate, {
      args: [{ actor: staff.officer, area: 'Fictional Borough', survivorInformed: true }],
    });

    // Emergency repairs, done by the contractor and confirmed by the survivor.
    const repairs = await handle.executeUpdate(requestEmergencyRepairsUpdate, {
      args: [{ actor: staff.officer, works: ['Change the locks'], securityScheme: 'sanctuary' }],
    });
    const repairsHandle = harness.env.client.workflow.getHandle(repairs.workflowId);
    const completedAt = new Date((await harness.env.currentTimeMs()) + 60_000).toISOString();
    await repairsHandle.executeUpdate(contractorUpdate, {
      args: [{ outcome: 'completed', completedAt, evidenceReference: 'EVIDENCE-PHOTO-1' }],
    });
    await repairsHandle.executeUpdate(survivorConfirmationUpdate, {
      args: [{ actor: staff.officer, satisfied: true }],
    });
    await repairsHandle.result();

    await handle.executeUpdate(recordManagerReviewUpdate, {
      args: [{ actor: staff.manager, notes: 'Reviewed the plan with the officer.' }],
    });
    // Feedback is asked for four weeks on; then the case's workflow ends.
    const closedView = await closeAndAwaitFeedback(harness, handle);
    full = { caseId, monday, closedView };

    // --- the long case ---------------------------------------------------------------------
    const longHandle = await harness.startCase({ continueAsNewAfterEvents: 60 });
    const firstRunId = (await longHandle.describe()).runId;
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await longHandle.executeUpdate(recordContactAttemptUpdate, {
        args: [{ actor: staff.officer, outcome: 'not_reached', channel: 'text' }],
      });
    }
    const continued = await eventually(
      () => longHandle.describe(),
      (description) => description.runId !== firstRunId,
    );
    long = { caseId: longHandle.workflowId.replace('case-', ''), firstRunId, latestRunId: continued.runId };
  });

  afterAll(async () => {
    await harness?.stop();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  describe('exportCaseHistory', () => {
    let exported: CaseHistoryExport;
    beforeAll(async () => {
      exported = await exportCaseHistory(harness.env.client, full.caseId, {
        now: () => new Date('2030-01-01T00:00:00Z'),
      });
    });

    it("covers the case's workflow and every child it started, in Temporal's JSON history form", () => {
      expect(exported).toMatchObject({
        format: CASE_HISTORY_FORMAT,
        caseId: full.caseId,
        exportedAt: '2030-01-01T00:00:00.000Z',
        decoded: false,
      });
      expect(
        exported.workflows.map(({ workflowId, kind, workflowType, status }) => ({
          workflowId,
          kind,
          workflowType,
          status,
        })),
      ).toEqual([
        { workflowId: caseWorkflowId(full.caseId), kind: 'case', workflowType: 'caseWorkflow', status: 'completed' },
        {
          workflowId: `${caseWorkflowId(full.caseId)}/marac-1`,
          kind: 'marac',
          workflowType: 'maracReferralWorkflow',
          status: 'completed',
        },
        {
          workflowId: `${caseWorkflowId(full.caseId)}/repairs-1`,
          kind: 'repairs',
          workflowType: 'repairsWorkflow',
          status: 'completed',
        },
      ]);
      for (const workflow of exported.workflows) {
        expect(workflow.runId).toMatch(/^[0-9a-f-]{36}$/);
        expect(workflow.history.events[0]).toMatchObject({
          eventId: '1',
          eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        });
        expect(workflow.decodedEvents).toBeUndefined();
      }
    });

    it('keeps payloads encrypted: no personal value of the disclosure is readable in it', () => {
      const text = JSON.stringify(exported);
      for (const personal of [
        fictionalSafeWord,
        fictionalSurvivorReference,
        perpetratorReference,
        'Agree a code for calls',
      ]) {
        expect(text).not.toContain(personal);
        expect(text).not.toContain(Buffer.from(personal).toString('base64'));
      }
      expect(text).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // metadata encoding: binary/encrypted
    });

    it('follows continue-as-new: every run of the case, oldest first', async () => {
      const runs = await exportCaseHistory(harness.env.client, long.caseId);
      expect(runs.workflows.length).toBeGreaterThanOrEqual(2);
      expect(new Set(runs.workflows.map((workflow) => workflow.workflowId))).toEqual(
        new Set([caseWorkflowId(long.caseId)]),
      );
      expect(runs.workflows[0]).toMatchObject({ runId: long.firstRunId, status: 'continued_as_new' });
      expect(runs.workflows.at(-1)).toMatchObject({
        runId: (await harness.env.client.workflow.getHandle(caseWorkflowId(long.caseId)).describe()).runId,
        status: 'running',
      });
      expect(new Set(runs.workflows.map((workflow) => workflow.runId)).size).toBe(runs.workflows.length);
    });

    it('decodes payloads only when asked, for an authorised reader, leaving the raw histories as they were', async () => {
      const decoded = await decodeCaseHistory(exported, testDataConverter);
      expect(decoded.decoded).toBe(true);
      expect(decoded.workflows.map((workflow) => workflow.history)).toEqual(
        exported.workflows.map((workflow) => workflow.history),
      );
      const started = decoded.workflows[0]!.decodedEvents![0]!;
      expect(started).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
      const input = (
        started.attributes as {
          input: {
            payloads: [
              { caseId: string; disclosure: { safeContact: { safeWord: string }; perpetrator: { reference: string } } },
            ];
          };
        }
      ).input.payloads[0];
      expect(input.caseId).toBe(full.caseId);
      expect(input.disclosure.safeContact.safeWord).toBe(fictionalSafeWord);
      expect(input.disclosure.perpetrator.reference).toBe(perpetratorReference);
      // an update's argument, as the staff member sent it
      const dash = decoded.workflows[0]!.decodedEvents!.find(
        (event) =>
          event.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED' &&
          JSON.stringify(event.attributes).includes('"recordDash"'),
      );
      expect(JSON.stringify(dash)).toContain('"yesCount":16');
      // the case's result when it finished
      const completed = decoded.workflows[0]!.decodedEvents!.at(-1)!;
      expect(completed.attributes).toEqual({
        result: { payloads: [{ caseId: full.caseId, closedAt: full.closedView.closure!.at, reason: 'resolved' }] },
        workflowTaskCompletedEventId: expect.any(String),
      });

      // the wrong keys decrypt nothing, and say so in place
      const { AesGcmPayloadCodec, CodecKeyring } = await import('../../src/platform/temporal/codec');
      const { createDataConverter } = await import('../../src/platform/temporal/data-converter');
      const wrong = createDataConverter(
        new AesGcmPayloadCodec(new CodecKeyring([{ id: 'other-key', key: Buffer.alloc(32, 7) }]), caseIdOwningWorkflow),
      );
      const undecodable = await decodeCaseHistory(exported, wrong);
      expect(JSON.stringify(undecodable.workflows[0]!.decodedEvents![0])).toContain('not configured');
      expect(JSON.stringify(undecodable)).not.toContain(fictionalSafeWord);
    });

    it("leaves a payload copied in from another case's history undecoded", async () => {
      const other = await exportCaseHistory(harness.env.client, long.caseId);
      const inputOf = (history: CaseHistoryExport) =>
        (
          history.workflows[0]!.history.events[0] as unknown as {
            workflowExecutionStartedEventAttributes: { input: { payloads: unknown[] } };
          }
        ).workflowExecutionStartedEventAttributes.input;
      const tampered = structuredClone(exported);
      inputOf(tampered).payloads = inputOf(other).payloads;
      const decoded = await decodeCaseHistory(tampered, testDataConverter);
      const input = (decoded.workflows[0]!.decodedEvents![0]!.attributes as { input: { payloads: unknown[] } }).input
        .payloads[0];
      expect(input).toEqual({
        undecodable: expect.stringContaining(`belongs to case ${long.caseId}, not to case ${full.caseId}`),
      });
    });

    it('replays every run and child deterministically against the current code', async () => {
      const longRuns = await exportCaseHistory(harness.env.client, long.caseId);
      const outcomes = await replayCaseHistory(
        { workflows: [...exported.workflows, ...longRuns.workflows] },
        { dataConverter: testDataConverter, workflowBundle: { codePath: workflowBundleFile } },
      );
      expect(outcomes.map((outcome) => [outcome.workflowId, outcome.kind, outcome.deterministic])).toEqual(
        [...exported.workflows, ...longRuns.workflows].map((workflow) => [workflow.workflowId, workflow.kind, true]),
      );
      expect(outcomes.map((outcome) => outcome.recordedRunId)).toEqual(
        [...exported.workflows, ...longRuns.workflows].map((workflow) => workflow.runId),
      );
    });

    it('says plainly when there is no such case', async () => {
      await expect(exportCaseHistory(harness.env.client, randomUUID())).rejects.toThrow(
        /^no workflow case-[0-9a-f-]+ for case/,
      );
    });
  });

  describe('caseTimeline over the state of a real case', () => {
    let timeline: TimelineEntry[];
    let view: CaseView;
    beforeAll(async () => {
      const loaded = await loadCaseTimeline(harness.env.client, full.caseId);
      view = loaded.view;
      expect(loaded.children.map((child) => child.kind)).toEqual(['marac', 'repairs']);
      const before = JSON.stringify([loaded.view, loaded.children]);
      timeline = caseTimeline(loaded.view, loaded.children);
      // pure: the same entries again, and the inputs untouched
      expect(caseTimeline(loaded.view, loaded.children)).toEqual(timeline);
      expect(JSON.stringify([loaded.view, loaded.children])).toBe(before);
      expect(loaded.timeline).toEqual(timeline);
    });

    it('is in time order, from the disclosure to the feedback request', () => {
      const times = timeline.map((entry) => entry.at);
      expect([...times].sort()).toEqual(times);
      expect(timeline[0]).toMatchObject({ code: 'case.disclosure', at: view.openedAt, what: 'Disclosure received' });
      expect(timeline[0]!.detail).toContain('reported by the survivor via phone');
      expect(timeline[0]!.detail).toContain('policy profile stonewater');
      expect(timeline[0]!.detail).toContain('safe word recorded');
      expect(timeline.at(-1)).toMatchObject({ code: 'case.feedback_requested' });
    });

    it('records each staff action with who did it', () => {
      expect(find(timeline, 'case.contact_attempt')).toMatchObject({
        actor: 'officer-ada',
        detail: 'reached by phone',
      });
      expect(find(timeline, 'case.dash')).toMatchObject({
        actor: 'officer-ada',
        detail: expect.stringMatching(
          /^high risk \(count, 16 of 24 "yes"\); reasons: visible high risk \(16 "yes" answers\); potential escalation \(3 police call-outs in 12 months\)$/,
        ),
      });
      expect(find(timeline, 'case.safety_plan')).toMatchObject({
        actor: 'officer-ada',
        detail: 'agreed with the survivor: 2 measures',
      });
      expect(find(timeline, 'case.consent_decision')).toMatchObject({ actor: 'officer-ada', what: 'Consent refused' });
      expect(find(timeline, 'case.lawful_basis_approved')).toMatchObject({
        actor: 'mgr-bea',
        detail: expect.stringContaining(
          'basis: high-risk MARAC referral; approver mgr-bea (manager); to Northshire IDVA service for independent advocacy',
        ),
      });
      expect(find(timeline, 'case.lawful_basis_approved')!.detail).toContain(
        'survivor told: no, because telling her now would alert the perpetrator',
      );
      expect(find(timeline, 'case.information_released')).toMatchObject({
        actor: 'officer-ada',
        detail: expect.stringContaining(
          'to Northshire IDVA service for independent advocacy (risk summary) on lawful basis: high-risk MARAC referral, approved by mgr-bea; survivor told: no',
        ),
      });
      expect(find(timeline, 'case.manager_review')).toMatchObject({
        actor: 'mgr-bea',
        detail: 'case reviewed; notes recorded',
      });
      expect(find(timeline, 'case.closed')).toMatchObject({
        actor: 'lead-cai',
        detail: 'resolved; survivor agrees: yes; closed by a DA lead',
      });
      expect(find(timeline, 'alert.high_risk')).toMatchObject({
        what: 'High-risk alert',
        detail: expect.stringContaining('to the DA lead'),
      });
    });

    it('shows each deadline with its due time, rule, calendar version and outcome, and every reminder and rung', () => {
      const dash = view.deadlines.find((deadline) => deadline.task === 'dashAssessment')!;
      const set = find(timeline, 'deadline.set', 'DASH risk assessment')!;
      expect(set.at).toBe(view.openedAt);
      expect(set.detail).toContain(
        `due Wed ${Number(full.monday.slice(8)) + 2} Feb ${full.monday.slice(0, 4)} 17:00 Europe/London [${dash.schedule!.dueAt}]`,
      );
      expect(set.detail).toContain(`rule: ${dash.schedule!.rule}; calendar: ${dash.schedule!.calendarVersion}`);
      expect(set.detail).toContain(`under policy profile stonewater ${view.profile.version}`);
      expect(set.detail).toContain('outcome: met late at');
      expect(find(timeline, 'deadline.reminder', 'DASH risk assessment')).toMatchObject({ at: dash.remindedAt });
      expect(find(timeline, 'deadline.missed', 'DASH risk assessment')).toMatchObject({ at: dash.schedule!.dueAt });
      expect(find(timeline, 'deadline.escalated', 'DASH risk assessment')).toMatchObject({
        at: dash.escalations[0]!.at,
        detail: expect.stringMatching(/^rung line manager \(manager\) alerted \(recipient role line manager\); due /),
      });
      expect(find(timeline, 'deadline.met_late', 'DASH risk assessment')).toMatchObject({ at: dash.completedAt });
      expect(find(timeline, 'deadline.set', 'Initial contact')!.detail).toContain('outcome: met on time');
      expect(find(timeline, 'deadline.met', 'Initial contact')).toBeDefined();
      expect(find(timeline, 'deadline.set', 'Consent decision')!.detail).toContain('outcome: met on time');
      // the first review was held; closing the case cancels the next one, no longer owed
      expect(find(timeline, 'deadline.set', 'Manager review')!.detail).toContain('outcome: met');
      expect(find(timeline, 'deadline.cancelled', 'Manager review')).toBeDefined();
      expect(find(timeline, 'deadline.cancelled', 'Risk reassessment')).toBeDefined();
    });

    it("includes each child workflow's events", () => {
      const maracId = `${caseWorkflowId(full.caseId)}/marac-1`;
      const repairsId = `${caseWorkflowId(full.caseId)}/repairs-1`;
      expect(find(timeline, 'marac.started')).toMatchObject({
        workflowId: maracId,
        detail: expect.stringContaining('reason: high risk assessment'),
      });
      expect(find(timeline, 'marac.submitted')).toMatchObject({
        actor: 'officer-ada',
        detail: expect.stringContaining('area Fictional Borough; to be sent by hand; survivor informed: yes'),
      });
      expect(find(timeline, 'deadline.set', 'MARAC referral submission')).toMatchObject({
        workflowId: maracId,
        detail: expect.stringContaining('outcome: met on time'),
      });
      expect(find(timeline, 'marac.settled')).toMatchObject({
        workflowId: maracId,
        what: 'Settled when the case closed',
      });
      expect(find(timeline, 'repairs.requested')).toMatchObject({
        workflowId: repairsId,
        detail: expect.stringContaining(
          'works: Change the locks; security scheme: sanctuary; charge to the survivor: £0.00',
        ),
      });
      expect(find(timeline, 'repairs.completed_by_contractor')).toMatchObject({
        actor: 'contractor',
        detail: expect.stringContaining('evidence EVIDENCE-PHOTO-1'),
      });
      expect(find(timeline, 'repairs.survivor_confirmation')).toMatchObject({
        actor: 'officer-ada',
        what: 'Survivor confirms the works',
      });
      // the child's deadline was decided by the profile version its case opened with
      expect(find(timeline, 'deadline.set', 'Emergency repair completion')!.detail).toContain(
        `under policy profile stonewater ${view.profile.version}; outcome: met on time`,
      );
      expect(codes(timeline)).toContain('repairs.completed');
    });

    it("never repeats the survivor's reference, safe word or the perpetrator's reference", () => {
      const text = JSON.stringify(timeline);
      for (const personal of [fictionalSafeWord, fictionalSurvivorReference, perpetratorReference])
        expect(text).not.toContain(personal);
    });
  });

  describe('the audit CLI against Temporal', () => {
    const bundle = () => ['--workflow-bundle', workflowBundleFile];

    it('export writes the histories to a new private file, and refuses to overwrite it', async () => {
      const out = path.join(scratch, 'full.json');
      const written = await cli(['export', full.caseId, '--out', out], temporalEnv);
      expect(written).toEqual({
        code: EXIT_OK,
        out: [`wrote 3 runs of 3 workflows of case ${full.caseId} to ${out}`],
        err: '',
      });
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      const file = JSON.parse(fs.readFileSync(out, 'utf8')) as CaseHistoryExport;
      expect(file.workflows.map((workflow) => workflow.kind)).toEqual(['case', 'marac', 'repairs']);
      expect(fs.readFileSync(out, 'utf8')).not.toContain(fictionalSafeWord);
      expect(await cli(['export', full.caseId, '--out', out], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('already exists'),
      });

      // raw export needs no keys; standard output by default, also by workflow id
      const raw = await cli(['export', `case-${long.caseId}`], {
        TEMPORAL_ADDRESS: harness.env.address,
        DATA_DIR: scratch,
      });
      expect(raw.code).toBe(EXIT_OK);
      expect((JSON.parse(raw.out.join('\n')) as CaseHistoryExport).workflows.length).toBeGreaterThanOrEqual(2);
    });

    it('export --decoded decrypts, with a warning that the output holds personal data', async () => {
      const decoded = await cli(['export', full.caseId, '--decoded'], temporalEnv);
      expect(decoded.code).toBe(EXIT_OK);
      expect(decoded.err).toContain('holds personal data');
      const file = JSON.parse(decoded.out.join('\n')) as CaseHistoryExport;
      expect(file.decoded).toBe(true);
      expect(JSON.stringify(file.workflows[0]!.decodedEvents![0])).toContain(fictionalSafeWord);
      expect(
        await cli(['export', full.caseId, '--decoded'], { TEMPORAL_ADDRESS: harness.env.address, DATA_DIR: scratch }),
      ).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('PAYLOAD_ENCRYPTION_KEYS is not set and there is no development key file'),
      });
    });

    it('replay <caseId> prints one line per run and exits 0 when all are deterministic', async () => {
      const full1 = await cli(['replay', full.caseId, ...bundle()], temporalEnv);
      expect(full1).toEqual({
        code: EXIT_OK,
        out: [
          expect.stringMatching(new RegExp(`^case-${full.caseId} \\(case, run [0-9a-f-]{36}\\): deterministic$`)),
          expect.stringMatching(
            new RegExp(`^case-${full.caseId}/marac-1 \\(marac, run [0-9a-f-]{36}\\): deterministic$`),
          ),
          expect.stringMatching(
            new RegExp(`^case-${full.caseId}/repairs-1 \\(repairs, run [0-9a-f-]{36}\\): deterministic$`),
          ),
          'replayed 3 runs of 3 workflows: all deterministic',
        ],
        err: '',
      });
      const runs = await cli(['replay', `case-${long.caseId}`, ...bundle()], temporalEnv);
      expect(runs.code).toBe(EXIT_OK);
      expect(runs.out[0]).toBe(`case-${long.caseId} (case, run ${long.firstRunId}): deterministic`);
      expect(runs.out.at(-1)).toMatch(/^replayed \d+ runs of 1 workflow: all deterministic$/);
    });

    it('replay <file> replays an export or a single history, and exits 1 at the first divergence', async () => {
      const out = path.join(scratch, 'for-replay.json');
      await cli(['export', full.caseId, '--out', out], temporalEnv);
      const fromExport = await cli(['replay', out, ...bundle()], temporalEnv);
      expect(fromExport.code).toBe(EXIT_OK);
      expect(fromExport.out.at(-1)).toBe('replayed 3 runs of 3 workflows: all deterministic');
      const oneOfThem = await cli(
        ['replay', out, '--workflow-id', `case-${full.caseId}/repairs-1`, ...bundle()],
        temporalEnv,
      );
      expect(oneOfThem.out).toEqual([
        expect.stringContaining('/repairs-1 (repairs, run'),
        'replayed 1 run of 1 workflow: all deterministic',
      ]);

      // One history in Temporal's JSON form; its workflow id is read from the children it started.
      const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as CaseHistoryExport;
      const history = exported.workflows[0]!.history;
      const single = path.join(scratch, 'single.json');
      fs.writeFileSync(single, JSON.stringify(history));
      expect((await cli(['replay', single, ...bundle()], temporalEnv)).out[0]).toBe(
        `case-${full.caseId} (case, run ${exported.workflows[0]!.runId}): deterministic`,
      );

      // The recorded past no longer matches the code: a timer fires for a timer never started.
      const timerFired = history.events.find((event) => event.eventType === 'EVENT_TYPE_TIMER_FIRED') as unknown as {
        timerFiredEventAttributes: { timerId: string };
      };
      timerFired.timerFiredEventAttributes.timerId = '9999';
      const tampered = path.join(scratch, 'tampered.json');
      fs.writeFileSync(tampered, JSON.stringify(history));
      const diverged = await cli(['replay', tampered, ...bundle()], temporalEnv);
      expect(diverged.code).toBe(EXIT_BROKEN);
      expect(diverged.out).toEqual([
        expect.stringMatching(new RegExp(`^case-${full.caseId} \\(case, run [0-9a-f-]{36}\\): NOT DETERMINISTIC: \\S`)),
        'replayed 1 run of 1 workflow: 1 NOT deterministic (fix with patched() before deploying this code)',
      ]);
    });

    it('timeline prints the entries oldest first, as text or JSON', async () => {
      const text = await cli(['timeline', full.caseId], temporalEnv);
      expect(text.code).toBe(EXIT_OK);
      expect(text.out[0]).toMatch(
        new RegExp(`^\\S+Z  -  Disclosure received: reported by the survivor via phone; .*\\[case-${full.caseId}\\]$`),
      );
      /* eslint-disable no-regex-spaces -- the timeline's columns are two spaces apart, matched as printed */
      expect(
        text.out.some((line) =>
          /  mgr-bea  Sharing without consent approved: basis: high-risk MARAC referral; approver mgr-bea/.test(line),
        ),
      ).toBe(true);
      expect(text.out.some((line) => /  contractor  Contractor reports the works complete: /.test(line))).toBe(true);
      /* eslint-enable no-regex-spaces */
      expect(text.out.join('\n')).not.toContain(fictionalSafeWord);
      const json = await cli(['timeline', full.caseId, '--format', 'json'], temporalEnv);
      const parsed = JSON.parse(json.out.join('\n')) as { caseId: string; entries: TimelineEntry[] };
      expect(parsed.caseId).toBe(full.caseId);
      expect(parsed.entries).toEqual((await loadCaseTimeline(harness.env.client, full.caseId)).timeline);
      expect(parsed.entries.map((entry) => entry.code)).toContain('deadline.escalated');
    });

    it('exits 2 with a clear message on usage and configuration errors', async () => {
      const unknownCase = randomUUID();
      expect(await cli(['export', unknownCase], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(`could not complete: no workflow case-${unknownCase}`),
      });
      expect(await cli(['export'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('expected caseId'),
      });
      expect(await cli(['export', 'not-a-case'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('expected a case id'),
      });
      expect(await cli(['export', full.caseId, 'extra'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('unexpected argument "extra"'),
      });
      expect(await cli(['replay'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('give a case id, a history file, or --all'),
      });
      expect(await cli(['replay', full.caseId, '--all'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('give a case id, a history file, or --all'),
      });
      // the time-skipping server keeps no visibility store
      expect(await cli(['replay', '--all'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining(
          'could not list the case workflows (--all needs a server with a visibility store)',
        ),
      });
      expect(await cli(['replay', full.caseId, '--workflow-id', 'x'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('--workflow-id goes with a history file'),
      });
      expect(await cli(['replay', path.join(scratch, 'missing.json')], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('cannot read'),
      });
      fs.writeFileSync(path.join(scratch, 'other.json'), '{"hello": 1}');
      expect(await cli(['replay', path.join(scratch, 'other.json')], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('neither a workflow history'),
      });
      expect(await cli(['timeline', full.caseId, '--format', 'xml'], temporalEnv)).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('--format: must be text or json'),
      });
      expect(await cli(['timeline', full.caseId], { ...temporalEnv, TEMPORAL_ADDRESS: 'temporal' })).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('TEMPORAL_ADDRESS: expected host:port'),
      });
      const badKeys = await cli(['timeline', full.caseId], {
        ...temporalEnv,
        PAYLOAD_ENCRYPTION_KEYS: 'k1:not base64!',
      });
      expect(badKeys).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('PAYLOAD_ENCRYPTION_KEYS: payload encryption key "k1" is not valid base64'),
      });
      expect(badKeys.err).not.toContain('not base64!');
      const unreachable = await cli(['timeline', full.caseId], { ...temporalEnv, TEMPORAL_ADDRESS: '127.0.0.1:1' });
      expect(unreachable).toMatchObject({
        code: EXIT_USAGE,
        err: expect.stringContaining('could not connect to Temporal at 127.0.0.1:1'),
      });
      expect(await cli(['replay', '--help'], {})).toMatchObject({
        code: EXIT_OK,
        out: [expect.stringContaining('usage: audit replay <caseId | file.json | --all>')],
      });
      expect((await cli(['--help'], {})).out[0]).toMatch(
        /verify[\s\S]*replay[\s\S]*export[\s\S]*timeline[\s\S]*report/,
      );
    });
  });
});

/** `--all` lists executions, which needs a visibility store: the time-skipping server has none. */
describe('audit replay --all on a dev server', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let workerRun: Promise<void>;
  const taskQueue = `audit-replay-all-${randomUUID()}`;

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    worker = await createTestWorker(env, db.pool, taskQueue);
    workerRun = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
    await db?.drop();
  });

  it('replays every case workflow with its children', async () => {
    const disclosure = disclosureSchema.parse(fictionalDisclosure());
    await seedStaff(db, disclosure.organisationId);
    const caseIds = [randomUUID(), randomUUID()].sort();
    for (const caseId of caseIds) {
      const handle = await startCaseWorkflow(env.client, taskQueue, { caseId, disclosure });
      await handle.executeUpdate(recordDashUpdate, {
        args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 15, policeCallOutsLast12Months: 0 } }],
      });
      await eventually(
        () => handle.query('getCase') as Promise<CaseView>,
        (view) => view.children.length === 1 && view.children[0]!.status !== 'starting',
      );
    }
    await eventually(
      async () => {
        const ids: string[] = [];
        for await (const execution of env.client.workflow.list({ query: `WorkflowType = 'caseWorkflow'` }))
          ids.push(execution.workflowId);
        return ids;
      },
      (ids) => ids.length === caseIds.length,
    );

    const result = await cli(['replay', '--all', '--workflow-bundle', workflowBundleFile], {
      TEMPORAL_ADDRESS: env.address,
      PAYLOAD_ENCRYPTION_KEYS: testKeys,
      DATABASE_URL: db.url,
    });
    expect(result).toEqual({
      code: EXIT_OK,
      out: [
        ...caseIds.flatMap((caseId) => [
          expect.stringMatching(new RegExp(`^case-${caseId} \\(case, run [0-9a-f-]{36}\\): deterministic$`)),
          expect.stringMatching(new RegExp(`^case-${caseId}/marac-1 \\(marac, run [0-9a-f-]{36}\\): deterministic$`)),
        ]),
        'replayed 4 runs of 4 workflows: all deterministic',
      ],
      err: '',
    });
  });
});
