import { z } from 'zod';
import { at, type Covers } from '../platform/http/documented';
import { escalationRungSchema } from '../policy/profile';
import { ALERT_KINDS, type CaseAlertSummary } from './alert';

/** An alert as the case and child workflows answer it, for the API documentation. */
export const alertSummarySchema = z
  .object({
    alertId: z.string(),
    kind: z.enum(ALERT_KINDS),
    task: z.string(),
    rung: escalationRungSchema.optional(),
    recipientRole: z.string(),
    raisedAt: at,
  })
  .meta({ id: 'CaseAlertSummary' });

export type DocumentedResults = Covers<typeof alertSummarySchema, CaseAlertSummary>;
