import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../../platform/http/documented';
import { childStateBase, partnerDeliverySchema } from '../view-schema';
import type { MaracReferralState } from './state';

/** What the MARAC referral workflow's Query and Updates answer, for the API documentation. */
export const maracReferralStateSchema = z
  .object({
    ...childStateBase,
    referralId: z.string(),
    reason: z.enum(['high_risk_assessment', 'professional_judgement']),
    referredAt: at,
    status: z.string(),
    repeat: z.object({ repeat: z.boolean(), previousReferralAt: at.optional() }).optional(),
    submission: z
      .object({
        ...byWhomAndWhen,
        area: z.string(),
        survivorInformed: z.boolean(),
        reasonNotInformed: z.string().optional(),
        delivery: partnerDeliverySchema,
      })
      .optional(),
    meeting: z.object({ date: z.string(), recordedAt: at, earlierDates: z.array(z.string()) }).optional(),
    outcome: z
      .object({
        recordedAt: at,
        actions: z.array(
          z.object({
            actionId: z.string(),
            description: z.string(),
            dueDate: z.string(),
            completedAt: at.optional(),
            completedBy: z.string().optional(),
          }),
        ),
      })
      .optional(),
  })
  .meta({ id: 'MaracReferralState', description: 'a MARAC referral workflow’s state' });

export type DocumentedResults = Covers<typeof maracReferralStateSchema, MaracReferralState>;
