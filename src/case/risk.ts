import { z } from 'zod';
import { AGENCY_NAME_MAX, boundedText, REASONING_TEXT_MAX, RECORDED_TEXT_MAX } from '../platform/text';
import { caseDate } from '../platform/dates';
import { DASH_QUESTION_COUNT, DEFAULT_RISK_THRESHOLDS, type RiskThresholds } from '../policy/risk-thresholds';

export const riskLevelSchema = z.enum(['standard', 'medium', 'high'], {
  error: 'risk level must be standard, medium or high',
});
export type RiskLevel = z.infer<typeof riskLevelSchema>;

const yesCountSchema = z
  .number({ error: 'the number of "yes" answers must be a number' })
  .int('the number of "yes" answers must be a whole number')
  .min(0, 'the number of "yes" answers cannot be negative')
  .max(
    DASH_QUESTION_COUNT,
    `a DASH has ${DASH_QUESTION_COUNT} questions, so at most ${DASH_QUESTION_COUNT} "yes" answers`,
  );

const policeCallOutsSchema = z
  .number({ error: 'police call-outs in the last 12 months must be a number (0 if none)' })
  .int('police call-outs must be a whole number')
  .min(0, 'police call-outs cannot be negative');

const answersSchema = z
  .array(z.boolean({ error: 'each DASH answer must be yes (true) or no (false)' }))
  .check((ctx) => {
    const given = ctx.value.length;
    if (given !== DASH_QUESTION_COUNT) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message: `a DASH has ${DASH_QUESTION_COUNT} questions; ${given} ${given === 1 ? 'answer was' : 'answers were'} given`,
      });
    }
  });

/**
 * A DASH submitted by staff: every answer, only the score, or a partner agency's completed DASH;
 * its free text bounded as given (see `recordedDashAssessmentSchema` for why there are two).
 */
function dashAssessment(textMax: { rationale: number; agency: number }) {
  const professionalJudgementSchema = z.strictObject({
    high: z.literal(true, { error: 'professional judgement can only raise a case to high risk (high: true)' }),
    rationale: boundedText(textMax.rationale, {
      min: 20,
      missing: 'professional judgement needs a written rationale',
      message: 'professional judgement needs a written rationale of at least 20 characters',
    }),
  });
  return z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('answers'),
        answers: answersSchema,
        policeCallOutsLast12Months: policeCallOutsSchema,
        professionalJudgement: professionalJudgementSchema.optional(),
      }),
      z.strictObject({
        kind: z.literal('count'),
        yesCount: yesCountSchema,
        policeCallOutsLast12Months: policeCallOutsSchema,
        professionalJudgement: professionalJudgementSchema.optional(),
      }),
      // Policies say not to repeat a DASH another agency has already done; we record theirs instead.
      z.strictObject({
        kind: z.literal('partner_agency'),
        agency: boundedText(textMax.agency, { message: 'name the agency that completed the DASH' }),
        assessedOn: caseDate,
        riskLevel: riskLevelSchema,
        yesCount: yesCountSchema.optional(),
      }),
    ],
    { error: 'kind must be "answers", "count" or "partner_agency"' },
  );
}

/** A DASH as a new command gives it. */
export const dashAssessmentSchema = dashAssessment({ rationale: REASONING_TEXT_MAX, agency: AGENCY_NAME_MAX });
/** A DASH as running cases may have recorded it, before its text was bounded: what replay re-parses. */
export const recordedDashAssessmentSchema = dashAssessment({ rationale: RECORDED_TEXT_MAX, agency: RECORDED_TEXT_MAX });
export type DashAssessment = z.infer<typeof dashAssessmentSchema>;

export type RiskReason =
  | { kind: 'visible_high_risk'; yesCount: number }
  | { kind: 'score_band'; band: 'medium' | 'standard'; yesCount: number }
  | { kind: 'potential_escalation'; policeCallOuts: number }
  | { kind: 'professional_judgement' }
  | { kind: 'partner_assessment'; agency: string; assessedOn: string; riskLevel: RiskLevel };

export interface RiskAssessmentResult {
  level: RiskLevel;
  /** Null when a partner agency's DASH was recorded without its score. */
  yesCount: number | null;
  /** Every rule that applied, so staff and auditors can see why the level was reached. */
  reasons: RiskReason[];
}

/** Expects a submission already parsed by dashAssessmentSchema (the rationale rule lives there). */
export function assessRisk(
  submission: DashAssessment,
  thresholds: RiskThresholds = DEFAULT_RISK_THRESHOLDS,
): RiskAssessmentResult {
  if (submission.kind === 'partner_agency') {
    return {
      level: submission.riskLevel,
      yesCount: submission.yesCount ?? null,
      reasons: [
        {
          kind: 'partner_assessment',
          agency: submission.agency,
          assessedOn: submission.assessedOn,
          riskLevel: submission.riskLevel,
        },
      ],
    };
  }

  const yesCount = submission.kind === 'answers' ? submission.answers.filter(Boolean).length : submission.yesCount;
  const scoreBand: RiskLevel =
    yesCount >= thresholds.dashHighThreshold
      ? 'high'
      : yesCount >= thresholds.dashMediumThreshold
        ? 'medium'
        : 'standard';
  const scoreReason: RiskReason =
    scoreBand === 'high' ? { kind: 'visible_high_risk', yesCount } : { kind: 'score_band', band: scoreBand, yesCount };

  // Either of these makes the case high whatever the score.
  const escalations: RiskReason[] = [];
  if (submission.policeCallOutsLast12Months >= thresholds.policeCallOutsForEscalation) {
    escalations.push({ kind: 'potential_escalation', policeCallOuts: submission.policeCallOutsLast12Months });
  }
  if (submission.professionalJudgement) {
    escalations.push({ kind: 'professional_judgement' });
  }

  return {
    level: escalations.length > 0 ? 'high' : scoreBand,
    yesCount,
    reasons: [scoreReason, ...escalations],
  };
}

export function requiresMaracReferral(result: Pick<RiskAssessmentResult, 'level'>): boolean {
  return result.level === 'high';
}
