import {
  consentCovers,
  consentRecordSchema,
  decideSharing,
  isPerpetratorRecipient,
  LAWFUL_BASES,
  lawfulBasisApprovalSchema,
  sharingRequestSchema,
  validateLawfulBasisApproval,
  type ConsentRecord,
  type LawfulBasisApproval,
  type SharingContext,
  type SharingRequest,
} from '../../src/sharing/consent';

const request: SharingRequest = {
  id: 'req-1',
  agency: 'Children’s Services',
  purpose: 'safety planning',
  dataCategories: ['contact_details', 'risk_assessment'],
  requestedAt: '2025-03-10T09:00:00Z',
  requestedBy: 'staff-caseworker-1',
};

const consent = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: 'consent-1',
  scope: {
    agency: 'Children’s Services',
    purpose: 'safety planning',
    dataCategories: ['contact_details', 'risk_assessment', 'safety_plan'],
  },
  decision: 'given',
  decidedAt: '2025-03-10T10:00:00Z',
  recordedBy: 'staff-caseworker-1',
  ...overrides,
});

const approval = (overrides: Partial<LawfulBasisApproval> = {}): LawfulBasisApproval => ({
  requestId: 'req-1',
  basis: 'safeguarding_child',
  approvedBy: 'staff-manager-1',
  approverRole: 'manager',
  approvedAt: '2025-03-11T09:00:00Z',
  rationale: 'Two children in the home; abuser has made threats towards them.',
  tellSurvivor: true,
  ...overrides,
});

const context: SharingContext = { allowedBases: [...LAWFUL_BASES] };

describe('schemas', () => {
  it('accepts a well-formed consent record, sharing request and approval', () => {
    expect(consentRecordSchema.safeParse(consent()).success).toBe(true);
    expect(sharingRequestSchema.safeParse(request).success).toBe(true);
    expect(lawfulBasisApprovalSchema.safeParse(approval()).success).toBe(true);
  });

  it('rejects a sharing request with no data categories', () => {
    const result = sharingRequestSchema.safeParse({ ...request, dataCategories: [] });
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'name at least one category of data to be shared',
    ]);
  });

  it('only lets given consent be withdrawn, and not before it was given', () => {
    const refusedThenWithdrawn = consentRecordSchema.safeParse(
      consent({ decision: 'refused', withdrawnAt: '2025-03-12T10:00:00Z' }),
    );
    expect(refusedThenWithdrawn.error?.issues.map((issue) => issue.message)).toEqual([
      'only consent that was given can be withdrawn',
    ]);
    const withdrawnEarly = consentRecordSchema.safeParse(consent({ withdrawnAt: '2025-03-09T10:00:00Z' }));
    expect(withdrawnEarly.error?.issues.map((issue) => issue.message)).toEqual([
      'consent cannot be withdrawn before it was given',
    ]);
  });

  it('rejects dates that are not ISO 8601 date-times', () => {
    const result = consentRecordSchema.safeParse(consent({ decidedAt: '10/03/2025' }));
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'decidedAt must be an ISO 8601 date-time, e.g. 2025-03-10T14:30:00Z',
    ]);
  });
});

describe('consentCovers', () => {
  it('covers the same agency and purpose, ignoring case and stray spaces', () => {
    expect(
      consentCovers(consent(), { ...request, agency: '  children’s   SERVICES ', purpose: 'Safety Planning' }),
    ).toBe(true);
  });

  it('does not cover another agency', () => {
    expect(consentCovers(consent(), { ...request, agency: 'Police' })).toBe(false);
  });

  it('does not cover another purpose', () => {
    expect(consentCovers(consent(), { ...request, purpose: 'criminal investigation' })).toBe(false);
  });

  it('covers a subset of the consented categories, but not a category outside them', () => {
    expect(consentCovers(consent(), { ...request, dataCategories: ['safety_plan'] })).toBe(true);
    expect(consentCovers(consent(), { ...request, dataCategories: ['contact_details', 'health'] })).toBe(false);
  });

  it('does not cover once refused or withdrawn', () => {
    expect(consentCovers(consent({ decision: 'refused' }), request)).toBe(false);
    expect(consentCovers(consent({ withdrawnAt: '2025-03-12T10:00:00Z' }), request)).toBe(false);
  });
});

describe('validateLawfulBasisApproval', () => {
  it('finds no problems with a complete approval by a manager or DA lead', () => {
    expect(validateLawfulBasisApproval(approval(), LAWFUL_BASES)).toEqual([]);
    expect(validateLawfulBasisApproval(approval({ approverRole: 'da_lead' }), LAWFUL_BASES)).toEqual([]);
    expect(validateLawfulBasisApproval(approval({ approverRole: 'head_of_service' }), LAWFUL_BASES)).toEqual([]);
  });

  it('rejects approval by a caseworker', () => {
    expect(validateLawfulBasisApproval({ ...approval(), approverRole: 'caseworker' }, LAWFUL_BASES)).toEqual([
      'only a manager, DA lead or head of service can approve sharing without consent',
    ]);
  });

  it('rejects a basis the organisation does not allow', () => {
    expect(
      validateLawfulBasisApproval(approval({ basis: 'legal_duty' }), ['safeguarding_child', 'high_risk_marac']),
    ).toEqual(['legal duty is not a lawful basis this organisation allows for sharing without consent']);
  });

  it('rejects a basis that is not a lawful basis at all', () => {
    expect(validateLawfulBasisApproval({ ...approval(), basis: 'convenience' }, LAWFUL_BASES)).toEqual([
      `lawful basis must be one of: ${LAWFUL_BASES.join(', ')}`,
    ]);
  });

  it('requires a rationale of at least 20 characters', () => {
    expect(validateLawfulBasisApproval({ ...approval(), rationale: undefined }, LAWFUL_BASES)).toEqual([
      'sharing without consent needs a written rationale',
    ]);
    expect(validateLawfulBasisApproval(approval({ rationale: '  child at risk  ' }), LAWFUL_BASES)).toEqual([
      'sharing without consent needs a written rationale of at least 20 characters',
    ]);
  });

  it('requires a reason when the survivor will not be told', () => {
    expect(validateLawfulBasisApproval(approval({ tellSurvivor: false }), LAWFUL_BASES)).toEqual([
      'record why the survivor will not be told about the sharing (reasonNotTelling)',
    ]);
    expect(
      validateLawfulBasisApproval(
        approval({ tellSurvivor: false, reasonNotTelling: 'Telling her would alert the abuser to the referral.' }),
        LAWFUL_BASES,
      ),
    ).toEqual([]);
  });

  it('lists every problem at once', () => {
    const problems = validateLawfulBasisApproval(
      { ...approval({ basis: 'legal_duty', tellSurvivor: false }), approverRole: 'caseworker', rationale: 'short' },
      ['safeguarding_child'],
    );
    expect(problems).toEqual([
      'only a manager, DA lead or head of service can approve sharing without consent',
      'sharing without consent needs a written rationale of at least 20 characters',
      'record why the survivor will not be told about the sharing (reasonNotTelling)',
      'legal duty is not a lawful basis this organisation allows for sharing without consent',
    ]);
  });
});

describe('isPerpetratorRecipient', () => {
  const identifiers = ['Mark Example', 'mark.example@example.org', ' 07700 900123 '];

  it('matches a request marked as going to the perpetrator', () => {
    expect(isPerpetratorRecipient({ agency: 'Fictional & Co Solicitors', recipientIsPerpetrator: true }, [])).toBe(
      true,
    );
  });

  it('matches a recorded identifier in the agency or the named contact, ignoring case and spacing', () => {
    expect(isPerpetratorRecipient({ agency: 'mark  example' }, identifiers)).toBe(true);
    expect(
      isPerpetratorRecipient({ agency: 'Police', recipientContact: 'MARK.EXAMPLE@example.org' }, identifiers),
    ).toBe(true);
    expect(isPerpetratorRecipient({ agency: 'Police', recipientContact: '07700 900123' }, identifiers)).toBe(true);
  });

  it('does not match other recipients, and ignores blank identifiers', () => {
    expect(isPerpetratorRecipient({ agency: 'Police', recipientContact: 'PC Fictional' }, identifiers)).toBe(false);
    expect(isPerpetratorRecipient({ agency: 'Police' }, ['', '   '])).toBe(false);
  });
});

describe('decideSharing', () => {
  it('waits for a decision when there is neither consent nor approval', () => {
    expect(decideSharing(request, [], [], context)).toEqual({ outcome: 'awaiting_decision' });
  });

  it('releases on consent that covers the request', () => {
    expect(decideSharing(request, [consent()], [], context)).toEqual({
      outcome: 'release',
      basis: 'consent',
      consentId: 'consent-1',
    });
  });

  it('keeps waiting when the only consent is for another agency, purpose or narrower categories', () => {
    const elsewhere = consent({ scope: { ...consent().scope, agency: 'Police' } });
    const otherPurpose = consent({ scope: { ...consent().scope, purpose: 'rehousing' } });
    const narrower = consent({ scope: { ...consent().scope, dataCategories: ['contact_details'] } });
    expect(decideSharing(request, [elsewhere, otherPurpose, narrower], [], context)).toEqual({
      outcome: 'awaiting_decision',
    });
  });

  it('blocks on refusal', () => {
    const decision = decideSharing(request, [consent({ decision: 'refused' })], [], context);
    expect(decision).toEqual({
      outcome: 'blocked',
      reason:
        'the survivor refused consent to share this with Children’s Services (2025-03-10T10:00:00.000Z), ' +
        'and no lawful basis for sharing without consent has been approved',
    });
  });

  it('blocks when a refusal covers only part of what is requested', () => {
    const partRefused = consent({
      decision: 'refused',
      scope: { ...consent().scope, dataCategories: ['risk_assessment'] },
    });
    expect(decideSharing(request, [partRefused], [], context).outcome).toBe('blocked');
  });

  it('ignores a refusal of categories the request does not include', () => {
    const refusedHealth = consent({
      id: 'consent-2',
      decision: 'refused',
      decidedAt: '2025-03-12T10:00:00Z',
      scope: { ...consent().scope, dataCategories: ['health'] },
    });
    expect(decideSharing(request, [consent(), refusedHealth], [], context)).toMatchObject({
      outcome: 'release',
      basis: 'consent',
    });
  });

  it('releases after refusal when a lawful basis is approved for this request', () => {
    const decision = decideSharing(request, [consent({ decision: 'refused' })], [approval()], context);
    expect(decision).toEqual({
      outcome: 'release',
      basis: 'safeguarding_child',
      approvedBy: 'staff-manager-1',
      approverRole: 'manager',
      tellSurvivor: true,
    });
  });

  it('releases on an approved lawful basis before any consent decision', () => {
    expect(decideSharing(request, [], [approval({ basis: 'high_risk_marac' })], context)).toMatchObject({
      outcome: 'release',
      basis: 'high_risk_marac',
    });
  });

  it('ignores an approval recorded for another request', () => {
    expect(
      decideSharing(request, [consent({ decision: 'refused' })], [approval({ requestId: 'req-2' })], context).outcome,
    ).toBe('blocked');
  });

  it('uses the most recent valid approval', () => {
    const earlier = approval({ basis: 'legal_duty', approvedAt: '2025-03-11T09:00:00Z' });
    const later = approval({
      basis: 'high_risk_marac',
      approvedBy: 'staff-da-lead-1',
      approvedAt: '2025-03-12T09:00:00Z',
    });
    expect(decideSharing(request, [], [later, earlier], context)).toMatchObject({
      basis: 'high_risk_marac',
      approvedBy: 'staff-da-lead-1',
    });
  });

  it('blocks after withdrawal of a grant', () => {
    const withdrawn = consent({ withdrawnAt: '2025-03-12T10:00:00Z' });
    expect(decideSharing(request, [withdrawn], [], context)).toEqual({
      outcome: 'blocked',
      reason:
        'the survivor withdrew consent to share this with Children’s Services (2025-03-12T10:00:00.000Z), ' +
        'and no lawful basis for sharing without consent has been approved',
    });
  });

  it('lets the latest decision win: a refusal after a grant blocks, a grant after a refusal releases', () => {
    const granted = consent({ id: 'granted', decidedAt: '2025-03-10T10:00:00Z' });
    const refused = consent({ id: 'refused', decision: 'refused', decidedAt: '2025-03-11T10:00:00Z' });
    const grantedAgain = consent({ id: 'granted-again', decidedAt: '2025-03-12T10:00:00Z' });
    expect(decideSharing(request, [granted, refused], [], context).outcome).toBe('blocked');
    expect(decideSharing(request, [refused, grantedAgain, granted], [], context)).toEqual({
      outcome: 'release',
      basis: 'consent',
      consentId: 'granted-again',
    });
  });

  it('treats a refusal and a grant at the same instant as a refusal', () => {
    const granted = consent({ id: 'granted' });
    const refused = consent({ id: 'refused', decision: 'refused' });
    expect(decideSharing(request, [granted, refused], [], context).outcome).toBe('blocked');
    expect(decideSharing(request, [refused, granted], [], context).outcome).toBe('blocked');
  });

  it('blocks a lawful basis the organisation does not allow, saying why', () => {
    const decision = decideSharing(request, [consent({ decision: 'refused' })], [approval({ basis: 'legal_duty' })], {
      allowedBases: ['safeguarding_child', 'high_risk_marac'],
    });
    expect(decision.outcome).toBe('blocked');
    expect(decision.outcome === 'blocked' && decision.reason).toContain(
      'the approval to share without consent is not valid: legal duty is not a lawful basis this organisation allows',
    );
  });

  it('does not accept a caseworker’s approval', () => {
    const byCaseworker = { ...approval(), approverRole: 'caseworker' } as unknown as LawfulBasisApproval;
    const decision = decideSharing(request, [consent({ decision: 'refused' })], [byCaseworker], context);
    expect(decision.outcome).toBe('blocked');
    expect(decision.outcome === 'blocked' && decision.reason).toContain(
      'only a manager, DA lead or head of service can approve sharing without consent',
    );
    expect(decideSharing(request, [], [byCaseworker], context)).toEqual({ outcome: 'awaiting_decision' });
  });

  describe('the perpetrator', () => {
    const perpetratorBlock = {
      outcome: 'blocked',
      reason: 'information is never shared with the perpetrator or anyone acting for them',
    };

    it('is always blocked, even with consent and an approved lawful basis', () => {
      const toPerpetrator = { ...request, recipientIsPerpetrator: true };
      expect(decideSharing(toPerpetrator, [consent()], [approval()], context)).toEqual(perpetratorBlock);
    });

    it('is blocked when the recipient matches a recorded perpetrator identifier', () => {
      const toPerpetrator = { ...request, recipientContact: 'mark.example@example.org' };
      const withIdentifiers = { ...context, perpetratorIdentifiers: ['Mark.Example@example.org'] };
      expect(decideSharing(toPerpetrator, [consent()], [approval()], withIdentifiers)).toEqual(perpetratorBlock);
    });
  });
});
