import { z } from 'zod';
import { caseInstant } from '../../domain/dates';
import { actorSchema } from '../../domain/staff';

/** From the contractor (a partner callback): done, with evidence, or not practicable within 24 hours. */
export const contractorUpdateCommand = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('completed'),
    completedAt: caseInstant,
    evidenceReference: z.string().trim().min(1).max(200),
  }),
  z.strictObject({
    outcome: z.literal('not_practicable'),
    newCompletionBy: caseInstant,
    reason: z.string().trim().min(1).max(500),
  }),
]);

export const survivorToldOfDelayCommand = z.strictObject({ actor: actorSchema, channel: z.string().trim().min(1).max(50) });

export const survivorConfirmationCommand = z.strictObject({
  actor: actorSchema,
  satisfied: z.boolean(),
  note: z.string().trim().min(1).max(1000).optional(),
});

export type ContractorUpdateCommand = z.infer<typeof contractorUpdateCommand>;
export type SurvivorToldOfDelayCommand = z.infer<typeof survivorToldOfDelayCommand>;
export type SurvivorConfirmationCommand = z.infer<typeof survivorConfirmationCommand>;
