import {
  closeCaseUpdate,
  recordConsentDecisionUpdate,
  recordContactAttemptUpdate,
  recordSafeguardingReferralUpdate,
  requestSharingUpdate,
  withdrawConsentUpdate,
} from '../../src/case/messages';
import { CASE_ENTRY_LIMITS, CASE_STATE_MAX_BYTES } from '../../src/case/state-bounds';
import { DATA_CATEGORIES_MAX } from '../../src/case/commands';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';
import { london, quietMondayAfter } from '../support/dates';

/** Obviously fictional filler, as long as each field allows. */
const largestSharingRequest = (index: number) => ({
  actor: staff.officer,
  agency: `Test agency ${index} `.padEnd(200, '.'),
  purpose: 'Test purpose '.padEnd(500, '.'),
  dataCategories: Array.from({ length: DATA_CATEGORIES_MAX }, (_, category) =>
    `test category ${category} `.padEnd(100, '.'),
  ),
});

/** Issue 11.5: no input ends a case. A full case refuses more (409) and keeps running, answering and escalating. */
describe('a case driven to its bounds', () => {
  const harness = useCaseHarness();

  it('refuses the request that would overfill it, then still answers, escalates its deadlines and closes', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    const contactDeadline = (await scheduledState(handle)).deadlines.find(
      (deadline) => deadline.id === 'initialContact#1',
    )!;
    const scope = { agency: 'Fictional Police', purpose: 'safety planning', dataCategories: ['risk level'] };
    await handle.executeUpdate(recordConsentDecisionUpdate, {
      args: [{ actor: staff.officer, scope, decision: 'given' }],
    });
    const consentId = (await caseState(handle)).sharing.consents[0]!.id;

    let accepted = 0;
    let refused: { type: string | undefined; message: string } | undefined;
    while (!refused && accepted < CASE_ENTRY_LIMITS.sharingRequests) {
      try {
        await handle.executeUpdate(requestSharingUpdate, { args: [largestSharingRequest(accepted)] });
        accepted += 1;
      } catch (error) {
        refused = await refusal(Promise.reject(error));
      }
    }
    expect(refused).toEqual({
      type: 'NotPossible',
      message: expect.stringMatching(/past the 256 kB one case can keep; nothing was recorded$/),
    });
    expect(accepted).toBeGreaterThan(20);

    // Filled to the brim with small entries too, until even the smallest addition is refused...
    let smallRefusal: { type: string | undefined; message: string } | undefined;
    while (!smallRefusal) {
      try {
        await handle.executeUpdate(recordContactAttemptUpdate, {
          args: [{ actor: staff.officer, outcome: 'not_reached', channel: 'phone' }],
        });
      } catch (error) {
        smallRefusal = await refusal(Promise.reject(error));
      }
    }
    expect(smallRefusal.message).toMatch(/past the 256 kB one case can keep/);
    // ...a survivor can still withdraw her consent.
    await handle.executeUpdate(withdrawConsentUpdate, { args: [{ actor: staff.officer, consentId }] });
    expect((await caseState(handle)).sharing.consents[0]!.withdrawnAt).toEqual(expect.any(String));

    // Nothing already recorded is lost, and the case still answers.
    const full = await caseState(handle);
    expect(full.sharing.requests).toHaveLength(accepted);
    expect(JSON.stringify(full).length).toBeLessThan(CASE_STATE_MAX_BYTES + 64 * 1024);

    // Its deadlines still escalate: the initial contact was never made.
    await harness.skipTo(new Date(Date.parse(contactDeadline.schedule!.rungs[0]!.at) + 60_000));
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'escalation' && row.deadline_id === 'initialContact#1'),
    );
    expect(alerts.find((row) => row.kind === 'escalation' && row.deadline_id === 'initialContact#1')).toMatchObject({
      task: 'initialContact',
    });
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // A full case can still be closed.
    await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.officer, reason: 'survivor_declined_support', survivorAgrees: false }],
    });
    const closed = await caseState(handle);
    expect(closed).toMatchObject({ status: 'closed', sharing: { requests: expect.any(Array) } });
    expect(closed.sharing.requests).toHaveLength(accepted);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    // Some seventy updates on a state of up to 256 kB: 20 s on a quiet machine, far more on a busy one.
  }, 600_000);

  it('keeps at most its limit of one kind of entry and refuses the next with the reason', async () => {
    const handle = await harness.startCase({
      disclosure: { survivor: { reference: 'FICTIONAL-TENANCY-0002', isResident: true, childrenInHousehold: true } },
    });
    const referral = { actor: staff.officer, subject: 'child', agency: "Children's Services" } as const;
    for (let made = 0; made < CASE_ENTRY_LIMITS.safeguardingReferrals; made += 1) {
      await handle.executeUpdate(recordSafeguardingReferralUpdate, { args: [referral] });
    }
    expect(await refusal(handle.executeUpdate(recordSafeguardingReferralUpdate, { args: [referral] }))).toEqual({
      type: 'NotPossible',
      message: `this case already holds ${CASE_ENTRY_LIMITS.safeguardingReferrals} safeguarding referrals, as many as one case can keep; nothing was recorded`,
    });
    const view = await caseState(handle);
    expect(view.safeguardingReferrals).toHaveLength(CASE_ENTRY_LIMITS.safeguardingReferrals);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});

// The time-skipping server does not report a workflow's history size; the dev server does.
describe('a case whose history grows large in bytes', () => {
  const harness = useCaseHarness({ server: 'dev' });

  it('continues as new once its history is large in bytes, carrying every entry', async () => {
    const handle = await harness.startCase({ continueAsNewAfterHistoryBytes: 200 * 1024 });
    const firstRunId = (await handle.describe()).runId;
    for (let made = 0; made < 20; made += 1) {
      await handle.executeUpdate(requestSharingUpdate, { args: [largestSharingRequest(made)] });
    }
    const continued = await eventually(
      () => handle.describe(),
      (description) => description.runId !== firstRunId,
    );
    expect(continued.status.name).toBe('RUNNING');
    expect((await caseState(handle)).sharing.requests).toHaveLength(20);
  });
});
