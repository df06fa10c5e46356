import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../../platform/http/documented';
import { childStateBase, partnerDeliverySchema } from '../view-schema';
import type { MaracReferralState } from './state';
import { maracResearchSchema } from './commands';

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
        maracArea: z
          .object({ name: z.string(), representative: z.string() })
          .optional()
          .describe('the area’s MARAC and who represents us there, from the profile'),
        research: maracResearchSchema
          .optional()
          .describe('the research sent to the coordinator, answered from the case; absent on older submissions'),
        sharedUnder: z.literal('high_risk_marac').optional().describe('the lawful basis the research went under'),
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
