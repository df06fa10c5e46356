import type { CaseState, SharingRequestState } from '../../src/case/state';
import {
  consentWithdrawalRefusals,
  lawfulBasisRefusals,
  releaseRefusals,
  survivorToldOfSharingRefusals,
} from '../../src/case/rules/sharing';
import { disclosureSchema, type Disclosure } from '../../src/case/disclosure';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { PERPETRATOR_REFUSAL, type LawfulBasisApproval } from '../../src/sharing/consent';

const manager = { staffId: 'staff-1', role: 'manager' } as const;
const caseworker = { staffId: 'staff-2', role: 'caseworker' } as const;
const context = {
  allowedBases: ['safeguarding_child', 'high_risk_marac'] as const,
  perpetratorIdentifiers: ['REF-P1'],
};

const request = (
  id: string,
  status: SharingRequestState['status'],
  agency = "Children's services",
): SharingRequestState => ({
  request: {
    id,
    agency,
    purpose: 'child protection',
    dataCategories: ['address'],
    recipientIsPerpetrator: false,
    requestedAt: '2025-01-06T10:00:00.000Z',
    requestedBy: 'staff-2',
  },
  status,
  ...(status === 'blocked' ? { blockedReason: 'the survivor refused consent' } : {}),
});
const sharingCase = (
  requests: SharingRequestState[],
  level: CaseState['risk']['level'] = 'medium',
): Pick<CaseState, 'sharing' | 'risk'> => ({
  sharing: {
    requests,
    consents: [
      {
        id: 'consent-given',
        scope: { agency: 'GP', purpose: 'care', dataCategories: ['address'] },
        decision: 'given',
        decidedAt: '2025-01-06T10:00:00.000Z',
        recordedBy: 'staff-2',
      },
      {
        id: 'consent-refused',
        scope: { agency: 'GP', purpose: 'care', dataCategories: ['address'] },
        decision: 'refused',
        decidedAt: '2025-01-06T10:00:00.000Z',
        recordedBy: 'staff-2',
      },
    ],
    approvals: [],
  },
  risk: { level, reasons: [] },
});
const approval = (overrides: Partial<LawfulBasisApproval> = {}): LawfulBasisApproval => ({
  requestId: 'request-1',
  basis: 'safeguarding_child',
  approvedBy: 'staff-1',
  approverRole: 'manager',
  approvedAt: '2025-01-06T11:00:00.000Z',
  rationale: 'a child in the household is at risk of significant harm',
  tellSurvivor: true,
  ...overrides,
});
const messages = (refusals: { message: string }[]) => refusals.map((refusal) => refusal.message);

describe('approving a lawful basis to share without consent', () => {
  it('lets a manager approve an allowed basis for an undecided request', () => {
    expect(
      lawfulBasisRefusals(sharingCase([request('request-1', 'awaiting_decision')]), context, manager, approval()),
    ).toEqual([]);
  });

  it('refuses a caseworker first, whatever else is wrong', () => {
    const [first] = lawfulBasisRefusals(sharingCase([]), context, caseworker, approval());
    expect(first).toEqual({
      type: 'NotPermitted',
      message: 'only a manager, DA lead or head of service can approve sharing without consent',
    });
  });

  it('refuses a request that is not on the case, or already released', () => {
    expect(messages(lawfulBasisRefusals(sharingCase([]), context, manager, approval()))).toEqual([
      'no sharing request request-1 on this case',
    ]);
    expect(
      messages(lawfulBasisRefusals(sharingCase([request('request-1', 'released')]), context, manager, approval())),
    ).toEqual(['this information has already been released']);
  });

  it('never approves sharing with the perpetrator, recognised by the reference on the case', () => {
    const toPerpetrator = sharingCase([request('request-1', 'blocked', ' ref-p1 ')]);
    expect(messages(lawfulBasisRefusals(toPerpetrator, context, manager, approval()))).toEqual([PERPETRATOR_REFUSAL]);
  });

  it('allows the high-risk MARAC basis only for a case assessed as high risk', () => {
    const requests = [request('request-1', 'awaiting_decision')];
    expect(
      messages(lawfulBasisRefusals(sharingCase(requests), context, manager, approval({ basis: 'high_risk_marac' }))),
    ).toEqual(['the high-risk MARAC basis needs a case assessed as high risk']);
    expect(
      lawfulBasisRefusals(sharingCase(requests, 'high'), context, manager, approval({ basis: 'high_risk_marac' })),
    ).toEqual([]);
  });

  it("refuses a basis the organisation's policy does not allow", () => {
    const refusals = lawfulBasisRefusals(
      sharingCase([request('request-1', 'awaiting_decision')]),
      context,
      manager,
      approval({ basis: 'legal_duty' }),
    );
    expect(messages(refusals)).toEqual([
      'legal duty is not a lawful basis this organisation allows for sharing without consent',
    ]);
  });
});

describe('releasing information', () => {
  it('releases only an authorised request, once', () => {
    const state = sharingCase([
      request('authorised', 'authorised'),
      request('released', 'released'),
      request('blocked', 'blocked'),
      request('undecided', 'awaiting_decision'),
    ]);
    expect(releaseRefusals(state, 'authorised')).toEqual([]);
    expect(messages(releaseRefusals(state, 'released'))).toEqual(['this information has already been released']);
    expect(messages(releaseRefusals(state, 'blocked'))).toEqual(['nothing may be sent: the survivor refused consent']);
    expect(messages(releaseRefusals(state, 'undecided'))).toEqual([
      'nothing may be sent until the survivor consents or a manager approves a lawful basis',
    ]);
    expect(messages(releaseRefusals(state, 'unknown'))).toEqual(['no sharing request unknown on this case']);
  });
});

describe('withdrawing consent', () => {
  it('withdraws a consent given, not one refused, unknown or already withdrawn', () => {
    const state = sharingCase([]);
    expect(consentWithdrawalRefusals(state, 'consent-given')).toEqual([]);
    expect(messages(consentWithdrawalRefusals(state, 'consent-refused'))).toEqual([
      'only a consent that was given can be withdrawn',
    ]);
    expect(messages(consentWithdrawalRefusals(state, 'nope'))).toEqual(['no consent nope on this case']);
    state.sharing.consents[0]!.withdrawnAt = '2025-01-07T09:00:00.000Z';
    expect(messages(consentWithdrawalRefusals(state, 'consent-given'))).toEqual([
      'this consent was already withdrawn at 2025-01-07T09:00:00.000Z',
    ]);
  });
});

describe('telling the survivor of a sharing', () => {
  const released = (tellSurvivor: boolean): SharingRequestState => ({
    ...request('req-1', 'released'),
    release: { at: '2025-01-07T10:00:00.000Z', by: 'staff-2', basis: 'consent', tellSurvivor },
  });
  // the fixture survivor is safe by text and phone, never by letter
  const { safeContact } = disclosureSchema.parse(fictionalDisclosure());
  const tell = (entry: SharingRequestState, channel: 'text' | 'letter' = 'text') =>
    survivorToldOfSharingRefusals(
      { sharing: { requests: [entry], consents: [], approvals: [] }, disclosure: { safeContact } as Disclosure },
      { actor: caseworker, requestId: 'req-1', channel },
    ).map((refusal) => refusal.message);

  it('tells them once, of a release the decision said they would hear of, by a safe way', () => {
    expect(tell(released(true))).toEqual([]);
    expect(tell(request('req-1', 'authorised'))).toEqual(['nothing has been released yet']);
    expect(tell(released(false))).toEqual(['the decision recorded was not to tell the survivor of this sharing']);
    expect(tell(released(true), 'letter')[0]).toContain("letter is not one of the survivor's safe channels");
    const told = {
      ...released(true),
      survivorTold: { at: '2025-01-08T10:00:00.000Z', by: 'staff-2', channel: 'text' },
    };
    expect(tell(told)).toEqual(['the survivor was told of this sharing at 2025-01-08T10:00:00.000Z']);
  });
});
