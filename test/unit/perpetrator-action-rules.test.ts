import { perpetratorActionOutcomeRefusals, perpetratorActionRefusals } from '../../src/case/rules/perpetrator';
import { perpetratorActionsOf } from '../../src/policy';
import type { PolicyProfile } from '../../src/policy';
import type { PerpetratorAction } from '../../src/case/state';
import { shippedProfile } from '../support/profiles';

const kent = shippedProfile('kent-housing');
const officer = { staffId: 'officer-ada', role: 'caseworker' } as const;
const daLead = { staffId: 'lead-cai', role: 'da_lead' } as const;
const owner = { staffId: 'officer-ada' };
const NOW = '2031-03-10T12:00:00.000Z';
const types = (refusals: { type: string }[]) => refusals.map((refusal) => refusal.type);

describe('perpetrator actions', () => {
  it('are only those the profile’s policy names, quoted', () => {
    expect(Object.keys(perpetratorActionsOf(kent)).sort()).toEqual(
      ['dapp', 'enforcement', 'mappa', 'relocation', 'sole_tenancy', 'tenancy_breach_warning'].sort(),
    );
    expect(Object.keys(perpetratorActionsOf(shippedProfile('connect')))).toEqual(['behaviour_change_support']);
    expect(
      types(perpetratorActionRefusals(kent, { actor: officer, kind: 'matac', owner, survivorAgrees: true }, NOW)),
    ).toEqual(['NotPossible']);
  });

  it('read a profile recorded before they existed as its perpetrator referral routes', () => {
    const { perpetratorActions: _, ...older } = shippedProfile('ssj');
    expect(perpetratorActionsOf(older as PolicyProfile)).toEqual({ matac: expect.any(String) });
  });

  it('take a tenancy step only with the survivor’s agreement, or a DA lead’s recorded safety reason', () => {
    const warning = { kind: 'tenancy_breach_warning', owner, survivorAgrees: false } as const;
    const safetyReason = 'Police advise acting now to stop escalating threats';
    expect(types(perpetratorActionRefusals(kent, { ...warning, actor: officer, survivorAgrees: true }, NOW))).toEqual(
      [],
    );
    expect(types(perpetratorActionRefusals(kent, { ...warning, actor: officer }, NOW))).toEqual(['NotPossible']);
    expect(types(perpetratorActionRefusals(kent, { ...warning, actor: officer, safetyReason }, NOW))).toEqual([
      'NotPermitted',
    ]);
    expect(types(perpetratorActionRefusals(kent, { ...warning, actor: daLead, safetyReason }, NOW))).toEqual([]);
    // a referral is not a tenancy step: no agreement gate, and no safety reason to record
    expect(
      types(
        perpetratorActionRefusals(
          kent,
          { actor: daLead, kind: 'dapp', owner, survivorAgrees: false, safetyReason },
          NOW,
        ),
      ),
    ).toEqual(['NotPossible']);
    expect(
      types(perpetratorActionRefusals(kent, { actor: officer, kind: 'dapp', owner, survivorAgrees: false }, NOW)),
    ).toEqual([]);
  });

  it('take a date to be done by only after today and within a year', () => {
    const referral = { actor: officer, kind: 'dapp', owner, survivorAgrees: true } as const;
    expect(types(perpetratorActionRefusals(kent, { ...referral, dueBy: '2031-04-10' }, NOW))).toEqual([]);
    expect(perpetratorActionRefusals(kent, { ...referral, dueBy: '2031-03-09' }, NOW)).toEqual([
      { type: 'InvalidCommand', message: expect.stringMatching(/^dueBy: must be after/) },
    ]);
    expect(types(perpetratorActionRefusals(kent, { ...referral, dueBy: '2033-03-10' }, NOW))).toEqual([
      'InvalidCommand',
    ]);
  });

  it('take progress until completed or withdrawn', () => {
    const action: PerpetratorAction = {
      id: 'pa1',
      kind: 'dapp',
      at: '2031-03-14T12:00:00.000Z',
      by: 'officer-ada',
      owner,
      survivorAgrees: true,
      status: 'open',
      outcomes: [],
    };
    const progress = { actor: officer, actionId: 'pa1', status: 'completed', outcome: 'Accepted' } as const;
    expect(perpetratorActionOutcomeRefusals({ perpetratorActions: [action] }, progress)).toEqual([]);
    expect(types(perpetratorActionOutcomeRefusals({}, progress))).toEqual(['NotPossible']);
    expect(
      perpetratorActionOutcomeRefusals({ perpetratorActions: [{ ...action, status: 'withdrawn' }] }, progress)[0]
        ?.message,
    ).toBe('this action is already withdrawn');
  });
});
