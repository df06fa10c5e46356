import { assessRisk, dashAssessmentSchema, requiresMaracReferral, type DashAssessment } from '../../src/case/risk';
import { DASH_QUESTION_COUNT, DEFAULT_RISK_THRESHOLDS, riskThresholdsSchema } from '../../src/policy/risk-thresholds';
import { isRepeatMaracReferral } from '../../src/children/marac/repeat-referral';

const answersWithYes = (yes: number): boolean[] =>
  Array.from({ length: DASH_QUESTION_COUNT }, (_, index) => index < yes);

const byCount = (yesCount: number, policeCallOutsLast12Months = 0): DashAssessment => ({
  kind: 'count',
  yesCount,
  policeCallOutsLast12Months,
});

const messagesOf = (input: unknown): string[] => {
  const result = dashAssessmentSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('dashAssessmentSchema', () => {
  it('accepts a full set of 24 answers', () => {
    const parsed = dashAssessmentSchema.parse({
      kind: 'answers',
      answers: answersWithYes(5),
      policeCallOutsLast12Months: 0,
    });
    expect(parsed.kind).toBe('answers');
  });

  it('says how many answers were given when there are not 24', () => {
    expect(messagesOf({ kind: 'answers', answers: answersWithYes(3).slice(1), policeCallOutsLast12Months: 0 })).toEqual(
      ['a DASH has 24 questions; 23 answers were given'],
    );
    expect(messagesOf({ kind: 'answers', answers: [true], policeCallOutsLast12Months: 0 })).toEqual([
      'a DASH has 24 questions; 1 answer was given',
    ]);
  });

  it.each([-1, 25, 3.5])('rejects a yes count of %p', (yesCount) => {
    expect(messagesOf({ kind: 'count', yesCount, policeCallOutsLast12Months: 0 })).toHaveLength(1);
  });

  it('rejects negative police call-outs', () => {
    expect(messagesOf(byCount(2, -1))).toEqual(['police call-outs cannot be negative']);
  });

  it('rejects professional judgement without a rationale', () => {
    expect(messagesOf({ ...byCount(2), professionalJudgement: { high: true } })).toEqual([
      'professional judgement needs a written rationale',
    ]);
  });

  it('rejects a rationale that is blank or too short once trimmed', () => {
    const tooShort = { ...byCount(2), professionalJudgement: { high: true, rationale: '   too short          ' } };
    expect(messagesOf(tooShort)).toEqual([
      'professional judgement needs a written rationale of at least 20 characters',
    ]);
  });

  it('accepts professional judgement with a rationale and trims it', () => {
    const parsed = dashAssessmentSchema.parse({
      ...byCount(2),
      professionalJudgement: { high: true, rationale: '  Threats to kill made in front of staff.  ' },
    });
    expect(parsed.kind === 'count' && parsed.professionalJudgement?.rationale).toBe(
      'Threats to kill made in front of staff.',
    );
  });

  it('accepts a partner agency DASH with or without its score', () => {
    expect(
      dashAssessmentSchema.safeParse({
        kind: 'partner_agency',
        agency: 'IDVA service',
        assessedOn: '2025-02-01',
        riskLevel: 'high',
      }).success,
    ).toBe(true);
    expect(
      dashAssessmentSchema.safeParse({
        kind: 'partner_agency',
        agency: 'Police',
        assessedOn: '2025-02-01',
        riskLevel: 'medium',
        yesCount: 11,
      }).success,
    ).toBe(true);
  });

  it('rejects a partner agency DASH without an agency or with a malformed date', () => {
    expect(messagesOf({ kind: 'partner_agency', agency: '  ', assessedOn: '01/02/2025', riskLevel: 'high' })).toEqual([
      'name the agency that completed the DASH',
      'expected a date written YYYY-MM-DD',
    ]);
  });

  it('rejects an unknown kind', () => {
    expect(messagesOf({ kind: 'guess', yesCount: 3 })).toEqual(['kind must be "answers", "count" or "partner_agency"']);
  });
});

describe('riskThresholdsSchema', () => {
  it('accepts the defaults', () => {
    expect(riskThresholdsSchema.parse(DEFAULT_RISK_THRESHOLDS)).toEqual({
      dashHighThreshold: 14,
      dashMediumThreshold: 10,
      policeCallOutsForEscalation: 3,
    });
  });

  it('rejects a medium threshold above the high threshold', () => {
    const result = riskThresholdsSchema.safeParse({ ...DEFAULT_RISK_THRESHOLDS, dashMediumThreshold: 15 });
    expect(result.success).toBe(false);
  });
});

describe('assessRisk', () => {
  it.each([
    [0, 'standard'],
    [9, 'standard'],
    [10, 'medium'],
    [13, 'medium'],
    [14, 'high'],
    [24, 'high'],
  ] as const)('%i yes answers is %s risk', (yes, level) => {
    expect(assessRisk(byCount(yes), DEFAULT_RISK_THRESHOLDS).level).toBe(level);
    expect(assessRisk({ kind: 'answers', answers: answersWithYes(yes), policeCallOutsLast12Months: 0 }).level).toBe(
      level,
    );
  });

  it('explains a score band below high risk', () => {
    expect(assessRisk(byCount(13))).toEqual({
      level: 'medium',
      yesCount: 13,
      reasons: [{ kind: 'score_band', band: 'medium', yesCount: 13 }],
    });
  });

  it('explains visible high risk', () => {
    expect(assessRisk(byCount(14))).toEqual({
      level: 'high',
      yesCount: 14,
      reasons: [{ kind: 'visible_high_risk', yesCount: 14 }],
    });
  });

  it('counts yes answers wherever they fall', () => {
    const answers = answersWithYes(0).map((_, index) => index % 2 === 1); // 12 yes
    expect(assessRisk({ kind: 'answers', answers, policeCallOutsLast12Months: 0 }).yesCount).toBe(12);
  });

  it('makes a low score high on professional judgement', () => {
    const submission = dashAssessmentSchema.parse({
      ...byCount(2),
      professionalJudgement: { high: true, rationale: 'Survivor describes escalating stalking this week.' },
    });
    expect(assessRisk(submission)).toEqual({
      level: 'high',
      yesCount: 2,
      reasons: [{ kind: 'score_band', band: 'standard', yesCount: 2 }, { kind: 'professional_judgement' }],
    });
  });

  it('makes a case high on potential escalation at exactly the call-out threshold, not below it', () => {
    expect(assessRisk(byCount(4, 2)).level).toBe('standard');
    expect(assessRisk(byCount(4, 3))).toEqual({
      level: 'high',
      yesCount: 4,
      reasons: [
        { kind: 'score_band', band: 'standard', yesCount: 4 },
        { kind: 'potential_escalation', policeCallOuts: 3 },
      ],
    });
  });

  it('gives every reason when several apply', () => {
    const submission: DashAssessment = {
      kind: 'answers',
      answers: answersWithYes(16),
      policeCallOutsLast12Months: 5,
      professionalJudgement: { high: true, rationale: 'Weapon used at last incident, survivor terrified.' },
    };
    expect(assessRisk(submission).reasons.map((reason) => reason.kind)).toEqual([
      'visible_high_risk',
      'potential_escalation',
      'professional_judgement',
    ]);
  });

  it('applies an organisation’s own thresholds', () => {
    const thresholds = { dashHighThreshold: 12, dashMediumThreshold: 8, policeCallOutsForEscalation: 2 };
    expect(assessRisk(byCount(12), thresholds).level).toBe('high');
    expect(assessRisk(byCount(8), thresholds).level).toBe('medium');
    expect(assessRisk(byCount(7), thresholds).level).toBe('standard');
    expect(assessRisk(byCount(0, 2), thresholds).level).toBe('high');
  });

  it("takes a partner agency's level, whatever its score", () => {
    expect(
      assessRisk({
        kind: 'partner_agency',
        agency: 'IDVA service',
        assessedOn: '2025-02-01',
        riskLevel: 'high',
        yesCount: 9,
      }),
    ).toEqual({
      level: 'high',
      yesCount: 9,
      reasons: [{ kind: 'partner_assessment', agency: 'IDVA service', assessedOn: '2025-02-01', riskLevel: 'high' }],
    });
    const withoutScore = assessRisk({
      kind: 'partner_agency',
      agency: 'Police',
      assessedOn: '2025-02-01',
      riskLevel: 'standard',
    });
    expect(withoutScore.level).toBe('standard');
    expect(withoutScore.yesCount).toBeNull();
  });
});

describe('requiresMaracReferral', () => {
  it('refers high risk only', () => {
    expect(requiresMaracReferral({ level: 'high' })).toBe(true);
    expect(requiresMaracReferral({ level: 'medium' })).toBe(false);
    expect(requiresMaracReferral(assessRisk(byCount(9)))).toBe(false);
    expect(requiresMaracReferral(assessRisk(byCount(14)))).toBe(true);
  });
});

describe('isRepeatMaracReferral', () => {
  const referredAt = new Date('2024-03-10T10:00:00Z');

  it('is never a repeat without a previous referral', () => {
    expect(isRepeatMaracReferral(null, new Date('2024-03-11T10:00:00Z'))).toBe(false);
  });

  it('counts an incident just after the referral', () => {
    expect(isRepeatMaracReferral(referredAt, new Date('2024-03-10T10:00:01Z'))).toBe(true);
  });

  it('does not count the referred incident itself or an earlier one', () => {
    expect(isRepeatMaracReferral(referredAt, referredAt)).toBe(false);
    expect(isRepeatMaracReferral(referredAt, new Date('2024-03-09T22:00:00Z'))).toBe(false);
  });

  it('includes the whole anniversary date (London time) and nothing after it', () => {
    // 10 March 2025 is GMT: London midnight is UTC midnight.
    expect(isRepeatMaracReferral(referredAt, new Date('2025-03-10T23:59:59Z'))).toBe(true);
    expect(isRepeatMaracReferral(referredAt, new Date('2025-03-11T00:00:00Z'))).toBe(false);
  });

  it('uses the London calendar date in summer time', () => {
    // 23:30 UTC on 31 July is already 1 August in London.
    const summerReferral = new Date('2024-07-31T23:30:00Z');
    expect(isRepeatMaracReferral(summerReferral, new Date('2025-08-01T22:59:59Z'))).toBe(true); // 23:59:59 BST, 1 Aug
    expect(isRepeatMaracReferral(summerReferral, new Date('2025-08-01T23:00:00Z'))).toBe(false); // 00:00 BST, 2 Aug
  });

  it('clamps a 29 February referral to 28 February', () => {
    const leapDay = new Date('2024-02-29T12:00:00Z');
    expect(isRepeatMaracReferral(leapDay, new Date('2025-02-28T23:00:00Z'))).toBe(true);
    expect(isRepeatMaracReferral(leapDay, new Date('2025-03-01T00:00:00Z'))).toBe(false);
  });

  it('honours a different window length', () => {
    expect(isRepeatMaracReferral(referredAt, new Date('2024-09-10T12:00:00Z'), 6)).toBe(true);
    expect(isRepeatMaracReferral(referredAt, new Date('2024-09-11T12:00:00Z'), 6)).toBe(false);
  });
});

describe('dates from outside are bounded', () => {
  it('refuses a partner DASH dated in a year no case can carry', () => {
    const partner = (assessedOn: string) =>
      dashAssessmentSchema.safeParse({
        kind: 'partner_agency',
        agency: 'Fictional Police',
        assessedOn,
        riskLevel: 'high',
      });
    expect(partner('2031-02-03').success).toBe(true);
    for (const typo of ['0000-01-01', '1899-12-31', '9999-12-31']) {
      const result = partner(typo);
      expect(result.success).toBe(false);
      expect(result.error!.issues.map((issue) => issue.message)).toEqual([
        'must lie between 2000-01-01 and 2099-12-31',
      ]);
    }
  });
});

describe('unknown fields', () => {
  it('are refused inside a DASH submission, not silently dropped', () => {
    const result = dashAssessmentSchema.safeParse({
      kind: 'count',
      yesCount: 3,
      policeCallOutsLast12Months: 0,
      survivorName: 'Testy McFixture',
    });
    expect(result.success).toBe(false);
  });
});
