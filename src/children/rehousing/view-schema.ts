import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../../platform/http/documented';
import { childStateBase } from '../view-schema';
import type { RehousingState } from './state';

const rehousingOptionSchema = z.string().describe('a rehousing option (see the options appraisal command)');

/** What the rehousing workflow's Query and Updates answer, for the API documentation. */
export const rehousingStateSchema = z
  .object({
    ...childStateBase,
    requestId: z.string(),
    requestedAt: at,
    immediateDanger: z.boolean(),
    status: z.string(),
    temporaryAccommodation: z.object({ placedAt: at, by: z.string(), placementReference: z.string() }).optional(),
    appraisal: z
      .object({ ...byWhomAndWhen, optionsConsidered: z.array(rehousingOptionSchema), chosen: rehousingOptionSchema })
      .optional(),
    offers: z.array(
      z.object({
        offerReference: z.string(),
        kind: rehousingOptionSchema,
        recordedAt: at,
        decision: z.enum(['accepted', 'refused']).optional(),
        reason: z.string().optional(),
        decidedAt: at.optional(),
      }),
    ),
    localAuthorityDecisions: z.array(z.object({ decisionReference: z.string(), decision: z.string(), recordedAt: at })),
    moveDate: z.string().optional(),
    moved: z.object(byWhomAndWhen).optional(),
  })
  .meta({ id: 'RehousingState', description: 'a rehousing workflow’s state' });

export type DocumentedResults = Covers<typeof rehousingStateSchema, RehousingState>;
