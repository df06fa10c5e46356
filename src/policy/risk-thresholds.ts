import { z } from 'zod';

/** The SafeLives DASH (2009) risk identification checklist has 24 yes/no questions. */
export const DASH_QUESTION_COUNT = 24;

/** Part of an organisation's policy profile (its `risk`); the banding below 14 is a local convention. */
export const riskThresholdFields = {
  dashHighThreshold: z.number().int().min(1).max(DASH_QUESTION_COUNT),
  dashMediumThreshold: z.number().int().min(1).max(DASH_QUESTION_COUNT),
  policeCallOutsForEscalation: z.number().int().min(1),
};
export const riskThresholdsSchema = z
  .object(riskThresholdFields)
  .refine((t) => t.dashMediumThreshold <= t.dashHighThreshold, {
    message: 'the medium-risk threshold cannot be above the high-risk threshold',
    path: ['dashMediumThreshold'],
  });
export type RiskThresholds = z.infer<typeof riskThresholdsSchema>;

export const DEFAULT_RISK_THRESHOLDS: RiskThresholds = {
  dashHighThreshold: 14,
  dashMediumThreshold: 10,
  policeCallOutsForEscalation: 3,
};
