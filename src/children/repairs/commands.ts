import { z } from 'zod';
import { boundedText } from '../../platform/text';
import { caseInstant } from '../../platform/dates';
import { actorSchema } from '../../staff/staff';

/** From the contractor (a partner callback): done, with evidence, or not practicable within 24 hours. */
export const contractorUpdateCommand = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.literal('completed'),
    completedAt: caseInstant,
    evidenceReference: boundedText(200),
  }),
  z.strictObject({
    outcome: z.literal('not_practicable'),
    newCompletionBy: caseInstant,
    reason: boundedText(500),
  }),
]);

export const survivorToldOfDelayCommand = z.strictObject({ actor: actorSchema, channel: boundedText(50) });

export const survivorConfirmationCommand = z.strictObject({
  actor: actorSchema,
  satisfied: z.boolean(),
  note: boundedText(1000).optional(),
});

export type ContractorUpdateCommand = z.infer<typeof contractorUpdateCommand>;
export type SurvivorToldOfDelayCommand = z.infer<typeof survivorToldOfDelayCommand>;
export type SurvivorConfirmationCommand = z.infer<typeof survivorConfirmationCommand>;
