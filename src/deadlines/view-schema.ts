import { z } from 'zod';
import { at, type Covers } from '../platform/http/documented';
import { escalationRungSchema, escalationStepSchema } from '../policy/profile';
import { timescaleSchema } from './timescale';
import { DEADLINE_STATUSES, type Deadline } from './deadline';

/** A deadline as the case and child workflows answer it, for the API documentation. */
export const deadlineSchema = z
  .object({
    id: z.string(),
    task: z.string(),
    subjectId: z.string().optional(),
    startedAt: at,
    timescale: timescaleSchema.optional(),
    fixedDue: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('instant'), at, setBy: z.string() }),
        z.object({ kind: z.literal('close_of_business'), date: z.string(), setBy: z.string() }),
        z.object({ kind: z.literal('end_of_day') }),
      ])
      .optional(),
    ladder: z.array(escalationStepSchema).optional(),
    urgent: z.boolean().optional().meta({ description: 'escalated in clock hours, on call first out of hours' }),
    schedule: z
      .object({
        dueAt: at,
        reminderAt: at,
        rule: z.string(),
        calendarVersion: z.string(),
        rungs: z.array(z.object({ rung: escalationRungSchema, roleTitle: z.string(), at })),
      })
      .optional(),
    status: z.enum(DEADLINE_STATUSES),
    remindedAt: at.optional(),
    escalations: z.array(z.object({ rung: escalationRungSchema, alertId: z.string(), at })),
    completedAt: at.optional(),
  })
  .meta({ id: 'Deadline' });

export type DocumentedResults = Covers<typeof deadlineSchema, Deadline>;
