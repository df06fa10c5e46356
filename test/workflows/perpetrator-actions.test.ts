import { recordPerpetratorActionOutcomeUpdate, recordPerpetratorActionUpdate } from '../../src/case/messages';
import { refusal, staff, useCaseHarness } from '../support/case-harness';

/** Kent's perpetrator actions on the time-skipping server: a tenancy step gated on the survivor's wishes, a referral to its outcome. */
describe('perpetrator actions', () => {
  const harness = useCaseHarness();

  it('refuses a tenancy warning the survivor did not agree to, takes a DA lead’s safety reason, and records a DAPP outcome', async () => {
    const handle = await harness.startCase({ disclosure: { organisationId: 'kent-housing' } });
    const warning = {
      kind: 'tenancy_breach_warning',
      owner: { staffId: 'officer-ada' },
      survivorAgrees: false,
    } as const;
    expect(
      await refusal(
        handle.executeUpdate(recordPerpetratorActionUpdate, { args: [{ ...warning, actor: staff.officer }] }),
      ),
    ).toMatchObject({ type: 'NotPossible' });
    const safetyReason = 'Police advise the warning is needed now to stop escalating threats.';
    const warned = await handle.executeUpdate(recordPerpetratorActionUpdate, {
      args: [{ ...warning, actor: staff.daLead, safetyReason }],
    });
    expect(warned.entry).toMatchObject({ id: 'pa1', safetyOverride: { by: 'lead-cai' } });
    await handle.executeUpdate(recordPerpetratorActionUpdate, {
      args: [
        {
          actor: staff.officer,
          kind: 'dapp',
          owner: { agency: 'Example DAPP', role: 'referrals' },
          survivorAgrees: true,
        },
      ],
    });
    const completed = await handle.executeUpdate(recordPerpetratorActionOutcomeUpdate, {
      args: [{ actor: staff.officer, actionId: 'pa2', status: 'completed', outcome: 'Accepted onto the programme' }],
    });
    expect(completed.entry.status).toBe('completed');
  });
});
