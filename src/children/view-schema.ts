import { z } from 'zod';
import { at, type Covers } from '../platform/http/documented';
import { alertSummarySchema } from '../alerts/view-schema';
import { deadlineSchema } from '../deadlines/view-schema';
import { CHILD_KINDS } from './kinds';
import type { ChildStatus } from './kit';
import type { PartnerDelivery } from './partner-gateway';

/* What every child kind's documented state schema (its folder's view-schema.ts) shares, and the child status the case shows. */

export const childStatusSchema = z
  .object({
    workflowId: z.string(),
    kind: z.enum(CHILD_KINDS),
    status: z.string(),
    open: z.boolean(),
    nextDeadline: z.object({ task: z.string(), dueAt: at }).optional(),
    repeatReferral: z.boolean().optional(),
    referralMade: z
      .object({ at, subjects: z.array(z.string()) })
      .optional()
      .describe('a referral the child made to another agency: when, and about whom'),
    updatedAt: at,
  })
  .meta({ id: 'ChildStatus' });

/** The fields of ChildStateBase, spread into each kind's state schema. */
export const childStateBase = {
  deadlines: z.array(deadlineSchema),
  alerts: z.array(alertSummarySchema),
  settled: z.object({ at, reason: z.literal('case_closed') }).optional(),
};

export const partnerDeliverySchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('gateway'), partnerReference: z.string() }),
  z.object({ channel: z.literal('manual') }),
]);

export type DocumentedResults = [
  Covers<typeof childStatusSchema, ChildStatus>,
  Covers<typeof partnerDeliverySchema, PartnerDelivery>,
];
