import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../../platform/http/documented';
import { childStateBase, partnerDeliverySchema } from '../view-schema';
import { outboundContactRecordSchema } from '../../contact/view-schema';
import type { RepairsState } from './state';

/** What the emergency repairs workflow's Query and Updates answer, for the API documentation. */
export const repairsStateSchema = z
  .object({
    ...childStateBase,
    orderId: z.string(),
    requestedAt: at,
    works: z.array(z.string()),
    securityScheme: z.string().optional(),
    status: z.string(),
    chargeToSurvivorPence: z.literal(0),
    order: z.object({ sentAt: at, delivery: partnerDeliverySchema }).optional(),
    delays: z.array(
      z.object({
        reportedAt: at,
        newCompletionBy: at,
        reason: z.string(),
        survivorTold: outboundContactRecordSchema.optional(),
      }),
    ),
    contractorCompletion: z.object({ completedAt: at, evidenceReference: z.string(), recordedAt: at }).optional(),
    survivorConfirmation: z
      .object({ ...byWhomAndWhen, satisfied: z.boolean(), note: z.string().optional() })
      .optional(),
  })
  .meta({ id: 'RepairsState', description: 'an emergency repairs workflow’s state' });

export type DocumentedResults = Covers<typeof repairsStateSchema, RepairsState>;
