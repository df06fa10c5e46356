import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../../platform/http/documented';
import { LAWFUL_BASES } from '../../sharing/consent';
import { childStateBase } from '../view-schema';
import { SAFEGUARDING_OUTCOMES, SAFEGUARDING_SUBJECTS } from './commands';
import type { SafeguardingState } from './state';

/** What the safeguarding referral workflow's Query and Updates answer, for the API documentation. */
export const safeguardingStateSchema = z
  .object({
    ...childStateBase,
    referralId: z.string(),
    reason: z.enum(['household', 'staff_raised']),
    subjects: z.array(z.enum(SAFEGUARDING_SUBJECTS)),
    raisedAt: at,
    raisedBy: z.string().optional(),
    concern: z.string().optional(),
    status: z.string().describe('to_refer, referred, acknowledged, completed (the outcome is in) or settled'),
    referral: z
      .object({
        ...byWhomAndWhen,
        agency: z.string(),
        agencyReference: z.string(),
        survivorInformed: z.boolean(),
        reasonNotInformed: z.string().optional(),
        lawfulBasis: z.enum(LAWFUL_BASES).describe('recorded in the sharing ledger as the referral was made'),
      })
      .optional(),
    acknowledgement: z.object({ at, localAuthorityReference: z.string() }).optional(),
    outcome: z.object({ at, localAuthorityReference: z.string(), outcome: z.enum(SAFEGUARDING_OUTCOMES) }).optional(),
    reviews: z.array(z.object({ ...byWhomAndWhen, summary: z.string() })),
  })
  .meta({ id: 'SafeguardingReferralState', description: 'a safeguarding referral workflow’s state' });

export type DocumentedResults = Covers<typeof safeguardingStateSchema, SafeguardingState>;
