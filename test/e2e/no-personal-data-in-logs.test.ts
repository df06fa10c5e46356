import { Runtime } from '@temporalio/worker';
import {
  approveLawfulBasisUpdate,
  recordConsentDecisionUpdate,
  recordContactAttemptUpdate,
  recordDashUpdate,
  recordIncidentUpdate,
  recordManagerReviewUpdate,
  recordSafeguardingReferralUpdate,
  recordSafetyPlanUpdate,
  releaseInformationUpdate,
  requestSharingUpdate,
} from '../../src/case/messages';
import {
  maracMeetingScheduledUpdate,
  maracOutcomeUpdate,
  submitMaracReferralUpdate,
} from '../../src/children/marac/messages';
import {
  contractorUpdate,
  requestEmergencyRepairsUpdate,
  survivorConfirmationUpdate,
} from '../../src/children/repairs/messages';
import { fictionalSafeWord, fictionalSurvivorReference } from '../fixtures/disclosures';
import {
  caseState,
  eventually,
  refusal,
  staff,
  startCaseHarness,
  type CaseHarness,
  closeAndAwaitFeedback,
} from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';
import { findPersonalValues, startLogCapture, type LogCapture } from '../support/log-capture';

/**
 * DESIGN §6: personal data never appears in logs. A whole case runs on the time-skipping server —
 * disclosure, immediate danger, contact, a high-risk DASH, a safety plan, a safeguarding referral,
 * sharing refused then approved on a lawful basis and released, a share to the perpetrator refused,
 * an incident, the MARAC referral child from submission to outcome, emergency repairs, a review,
 * closure and the feedback request — while every log line of the process is captured: the app's
 * logger, the Temporal Runtime's logger at DEBUG with Core's native lines forwarded to it, console
 * output and the process streams. None of the fictional personal values may appear in any of it.
 *
 * The case is driven by workflow Updates, as the API does (test/support/api-server.ts builds the
 * app with a silent logger it does not let a test replace).
 */

// Fictional, and distinctive enough that a match cannot be a coincidence.
const perpetratorReference = 'FICTIONAL-PERP-5512';
const safeTimes = 'weekday mornings at Fictional Library';
const address = '12 Fictional Road';
const personal = {
  survivorReference: fictionalSurvivorReference,
  safeWord: fictionalSafeWord,
  perpetratorReference,
  safeTimes,
  address,
  professionalJudgement: 'He followed her to Fictional Library twice',
  safetyPlanMeasure: `Stay with her sister at ${address}`,
  lawfulBasisRationale: 'Her sister at 12 Fictional Road is also threatened',
  reasonNotTelling: 'her mobile is read by the perpetrator',
  reasonNotInformed: 'he reads her texts every evening',
  maracAction: `Fit a door viewer at ${address}`,
  works: `Change the locks at ${address}`,
  survivorNote: 'Happy with the new locks, feels safer at night',
  reviewNotes: 'Discussed her new job at Fictional Bakery',
};
const personalValues = Object.values(personal);

describe('no personal data in logs', () => {
  let capture: LogCapture;
  let harness: CaseHarness | undefined;

  beforeAll(async () => {
    // before any Temporal environment: the Runtime is installed once, routed through the capture
    capture = startLogCapture();
    harness = await startCaseHarness();
  });
  afterAll(async () => {
    await harness?.stop();
    capture?.stop();
  });

  it('holds for a whole case, and the capture demonstrably sees every log channel', async () => {
    const h = harness!;
    // Sentinels, one per channel: if the capture were blind, these checks fail first.
    capture.appLogger.info({ check: 'app-sentinel-5c1f' }, 'log capture self-check');
    Runtime.instance().logger.info('temporal-sentinel-9a7e', { check: true });
    console.log('console-sentinel-3b2d');
    process.stderr.write('stderr-sentinel-e41a\n');

    const monday = quietMondayAfter(await h.env.currentTimeMs());
    await h.skipTo(london(monday, '09:30'));
    const handle = await h.startCase({
      disclosure: {
        channel: 'face_to_face',
        disclosedAt: london(monday, '09:00').toISOString(),
        survivor: { reference: personal.survivorReference, isResident: true, childrenInHousehold: true },
        perpetrator: { isResident: true, reference: personal.perpetratorReference },
        safeContact: {
          channels: ['text', 'phone'],
          safeTimes: personal.safeTimes,
          lettersSafe: false,
          voicemailSafe: false,
          safeWord: personal.safeWord,
        },
        immediateDanger: true,
      },
    });
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(recordContactAttemptUpdate, {
      args: [{ actor: staff.officer, outcome: 'reached', channel: 'phone' }],
    });
    const answers = Array.from({ length: 24 }, (_, index) => index < 16);
    await handle.executeUpdate(recordDashUpdate, {
      args: [
        {
          actor: staff.officer,
          assessment: {
            kind: 'answers',
            answers,
            policeCallOutsLast12Months: 3,
            professionalJudgement: { high: true, rationale: personal.professionalJudgement },
          },
        },
      ],
    });
    await handle.executeUpdate(recordSafetyPlanUpdate, {
      args: [{ actor: staff.officer, measures: [personal.safetyPlanMeasure], agreedWithSurvivor: true }],
    });
    await handle.executeUpdate(recordSafeguardingReferralUpdate, {
      args: [{ actor: staff.officer, subject: 'child', agency: "Northshire Children's Services" }],
    });

    // Sharing: refused, then released on an approved lawful basis; never to the perpetrator.
    const scope = {
      agency: 'Northshire IDVA service',
      purpose: 'independent advocacy',
      dataCategories: ['risk summary', 'safe contact'],
    };
    const request = await handle.executeUpdate(requestSharingUpdate, { args: [{ actor: staff.officer, ...scope }] });
    await handle.executeUpdate(recordConsentDecisionUpdate, {
      args: [{ actor: staff.officer, decision: 'refused', scope }],
    });
    await handle.executeUpdate(approveLawfulBasisUpdate, {
      args: [
        {
          actor: staff.manager,
          requestId: request.request.id,
          basis: 'high_risk_marac',
          rationale: personal.lawfulBasisRationale,
          tellSurvivor: false,
          reasonNotTelling: personal.reasonNotTelling,
        },
      ],
    });
    await handle.executeUpdate(releaseInformationUpdate, {
      args: [{ actor: staff.officer, requestId: request.request.id }],
    });
    const toPerpetrator = await handle.executeUpdate(requestSharingUpdate, {
      args: [
        {
          actor: staff.officer,
          agency: personal.perpetratorReference,
          purpose: 'tenancy enforcement',
          dataCategories: ['address'],
        },
      ],
    });
    expect(
      await refusal(
        handle.executeUpdate(releaseInformationUpdate, {
          args: [{ actor: staff.officer, requestId: toPerpetrator.request.id }],
        }),
      ),
    ).toMatchObject({ type: 'NotPossible' });
    await handle.executeUpdate(recordIncidentUpdate, {
      args: [{ actor: staff.officer, occurredAt: london(monday, '08:00').toISOString(), policeCalled: true }],
    });

    // The MARAC referral child: its submission deadline escalates, then it runs to its outcome.
    const withChild = await eventually(
      () => caseState(handle),
      (view) => view.children.some((child) => child.kind === 'marac' && child.nextDeadline),
    );
    const marac = h.env.client.workflow.getHandle(
      withChild.children.find((child) => child.kind === 'marac')!.workflowId,
    );
    await h.skipTo(london(plusDays(monday, 1), '17:05'));
    await eventually(
      () => h.alerts(caseId),
      (rows) => rows.some((row) => row.task === 'maracSubmission' && row.kind === 'escalation'),
    );
    await marac.executeUpdate(submitMaracReferralUpdate, {
      args: [
        {
          actor: staff.officer,
          area: 'Fictional Borough',
          survivorInformed: false,
          reasonNotInformed: personal.reasonNotInformed,
        },
      ],
    });
    await marac.executeUpdate(maracMeetingScheduledUpdate, { args: [{ meetingDate: plusDays(monday, 8) }] });
    await marac.executeUpdate(maracOutcomeUpdate, {
      args: [{ actions: [{ actionId: 'A1', description: personal.maracAction, dueDate: plusDays(monday, 14) }] }],
    });

    // Emergency repairs to the survivor's home, done and confirmed.
    const repairs = await handle.executeUpdate(requestEmergencyRepairsUpdate, {
      args: [{ actor: staff.officer, works: [personal.works], securityScheme: 'sanctuary' }],
    });
    const works = h.env.client.workflow.getHandle(repairs.workflowId);
    await works.executeUpdate(contractorUpdate, {
      args: [
        {
          outcome: 'completed',
          completedAt: new Date(await h.env.currentTimeMs()).toISOString(),
          evidenceReference: 'EVIDENCE-0001',
        },
      ],
    });
    await works.executeUpdate(survivorConfirmationUpdate, {
      args: [{ actor: staff.officer, satisfied: true, note: personal.survivorNote }],
    });

    await handle.executeUpdate(recordManagerReviewUpdate, {
      args: [{ actor: staff.manager, notes: personal.reviewNotes }],
    });
    await closeAndAwaitFeedback(h, handle);

    // Stopping the worker and the servers flushes the Runtime's buffered log lines.
    harness = undefined;
    await h.stop();
    const text = capture.text();

    // The capture saw every channel...
    for (const sentinel of [
      'app-sentinel-5c1f',
      'temporal-sentinel-9a7e',
      'console-sentinel-3b2d',
      'stderr-sentinel-e41a',
    ])
      expect(text).toContain(sentinel);
    // Core's native lines (forwarded) and the worker's own, with its workflow and activity lines at DEBUG
    const temporal = capture.lines.filter((line) => line.source === 'temporal');
    expect(['core', 'worker'].filter((component) => !temporal.some((line) => line.component === component))).toEqual(
      [],
    );
    for (const message of [
      'DEBUG Workflow started',
      'DEBUG Workflow completed',
      'DEBUG Activity started',
      'DEBUG Activity completed',
      'DEBUG Applying new workflow task',
    ]) {
      expect(temporal.some((line) => line.text.startsWith(message))).toBe(true);
    }
    // ...the case really ran through it (its id is in the logs, as ids may be)...
    expect(text).toContain(caseId);
    // ...and the detector finds a personal value in any of the forms a log might hold it.
    expect(findPersonalValues(`x ${Buffer.from(personal.safeWord).toString('base64')} x`, personalValues)).toEqual([
      personal.safeWord,
    ]);
    expect(findPersonalValues(`{"note":"${personal.safeTimes.toUpperCase()}"}`, personalValues)).toEqual([
      personal.safeTimes,
    ]);

    // None of the survivor's or perpetrator's details appear anywhere.
    const leaks = findPersonalValues(text, personalValues);
    const context = leaks.map((value) =>
      capture.lines.find((line) => findPersonalValues(line.text, [value]).length > 0),
    );
    expect({ leaks, context }).toEqual({ leaks: [], context: [] });
  });
});
