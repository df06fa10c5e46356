import { closureRefusals, type ClosingCase, type ClosureRequest } from '../../src/case/rules/closure';
import { shippedProfile } from '../support/profiles';

const stonewater = shippedProfile('stonewater');
const caseworker = { staffId: 'staff-1', role: 'caseworker' } as const;
const daLead = { staffId: 'staff-2', role: 'da_lead' } as const;
const maracReferral = { workflowId: 'case-1/marac-1', kind: 'marac' } as const;

const aCase = (overrides: Partial<ClosingCase> = {}): ClosingCase => ({
  risk: { level: 'medium' },
  contactAttempts: [],
  children: [],
  ...overrides,
});
const closing = (overrides: Partial<ClosureRequest> = {}): ClosureRequest => ({
  actor: caseworker,
  reason: 'resolved',
  survivorAgrees: true,
  openChildren: [],
  ...overrides,
});
const unanswered = (count: number) => Array.from({ length: count }, () => ({ outcome: 'not_reached' }));

describe('when a case may close', () => {
  it('lets a caseworker close a medium-risk case the survivor agrees is resolved', () => {
    expect(closureRefusals(aCase(), stonewater, closing())).toEqual([]);
  });

  it('refuses "resolved" without the survivor agreeing, where the policy asks for her agreement', () => {
    expect(closureRefusals(aCase(), stonewater, closing({ survivorAgrees: false }))).toEqual([
      { type: 'NotPossible', message: 'a case is closed as resolved only when the survivor agrees it is resolved' },
    ]);
  });

  it('refuses "uncontactable" until the policy\'s number of unanswered attempts is recorded', () => {
    const twoAttempts = aCase({ contactAttempts: [...unanswered(2), { outcome: 'reached' }] });
    expect(closureRefusals(twoAttempts, stonewater, closing({ reason: 'uncontactable' }))).toEqual([
      {
        type: 'NotPossible',
        message: '2 unanswered contact attempts are recorded; the policy needs 3 before closing as uncontactable',
      },
    ]);
    expect(
      closureRefusals(aCase({ contactAttempts: unanswered(3) }), stonewater, closing({ reason: 'uncontactable' })),
    ).toEqual([]);
  });

  it("keeps a high-risk case open to a caseworker, naming the approver by the organisation's own title", () => {
    expect(closureRefusals(aCase({ risk: { level: 'high' } }), stonewater, closing())).toEqual([
      {
        type: 'NotPermitted',
        message: 'a high-risk case can only be closed with Head of Domestic Abuse Support approval',
      },
    ]);
    expect(closureRefusals(aCase({ risk: { level: 'high' } }), stonewater, closing({ actor: daLead }))).toEqual([]);
  });

  it('refuses closing while a MARAC referral is open and unnamed, even for the approver', () => {
    const withMarac = aCase({ children: [{ ...maracReferral, open: true }] });
    expect(closureRefusals(withMarac, stonewater, closing({ actor: daLead }))).toEqual([
      {
        type: 'NotPossible',
        message:
          '1 linked workflow(s) still open: name what becomes of each and why (openChildren): MARAC referral case-1/marac-1',
      },
    ]);
    expect(closureRefusals(withMarac, stonewater, closing({ actor: daLead, openChildren: [maracReferral] }))).toEqual(
      [],
    );
  });

  it('reserves closing with an open linked workflow to the approver, and reports that first', () => {
    const withMarac = aCase({ children: [{ ...maracReferral, open: true }] });
    const [first] = closureRefusals(withMarac, stonewater, closing({ openChildren: [maracReferral] }));
    expect(first).toEqual({
      type: 'NotPermitted',
      message: '1 linked workflow(s) still open (marac): closing needs Head of Domestic Abuse Support approval',
    });
  });
});
