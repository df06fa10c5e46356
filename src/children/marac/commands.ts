import { z } from 'zod';
import { boundedText } from '../../platform/text';
import { caseDate } from '../../platform/dates';
import { actorSchema } from '../../staff/staff';

export const submitReferralCommand = z
  .strictObject({
    actor: actorSchema,
    area: boundedText(100),
    survivorInformed: z.boolean(),
    reasonNotInformed: boundedText(1000, { min: 10 }).optional(),
  })
  .refine((command) => command.survivorInformed || command.reasonNotInformed, {
    path: ['reasonNotInformed'],
    message: 'record why telling the survivor would raise the risk',
  });

/** From the MARAC coordinator (a partner callback). */
export const meetingScheduledCommand = z.strictObject({ meetingDate: caseDate });

export const maracOutcomeCommand = z.strictObject({
  actions: z
    .array(
      z.strictObject({
        actionId: boundedText(100),
        description: boundedText(1000),
        dueDate: caseDate,
      }),
    )
    .max(50)
    .refine(
      (actions) => new Set(actions.map((action) => action.actionId)).size === actions.length,
      'action ids must be unique',
    ),
});

export const completeActionCommand = z.strictObject({ actor: actorSchema, actionId: boundedText(100) });

export type SubmitReferralCommand = z.infer<typeof submitReferralCommand>;
export type MeetingScheduledCommand = z.infer<typeof meetingScheduledCommand>;
export type MaracOutcomeCommand = z.infer<typeof maracOutcomeCommand>;
export type CompleteActionCommand = z.infer<typeof completeActionCommand>;
