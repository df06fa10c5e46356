import { z } from 'zod';
import { boundedText, nameAtMost } from '../../platform/text';
import { caseInstant } from '../../platform/dates';
import { actorSchema } from '../../staff/staff';
import { outboundContactFields, safeContactProfileSchema } from '../../contact/safe-contact';

/** A case's order for repairs; only new orders are held to the bound (its handler re-parses the recorded one on replay). */
export const REPAIR_WORKS_MAX = 30;
export const recordedEmergencyRepairsCommand = z.strictObject({
  actor: actorSchema,
  works: z.array(boundedText(200)).min(1, 'name at least one repair or security measure'),
  securityScheme: z.enum(['safer_scheme', 'sanctuary']).optional(),
});
export const emergencyRepairsCommand = recordedEmergencyRepairsCommand.extend({
  works: recordedEmergencyRepairsCommand.shape.works.max(
    REPAIR_WORKS_MAX,
    nameAtMost(REPAIR_WORKS_MAX, 'repairs or security measures'),
  ),
});

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

/**
 * The survivor told of the contractor's delay, held to their safe-contact profile, which the API
 * adds from the case as it stands (a child's validator cannot ask its case). Recorded before the
 * check, the channel was free text: the handler re-parses those as they were.
 */
const caseSafeContact = safeContactProfileSchema.optional();
export const recordedSurvivorToldOfDelayCommand = z.strictObject({
  actor: actorSchema,
  channel: boundedText(50),
  leftVoicemail: outboundContactFields.leftVoicemail,
  override: outboundContactFields.override,
  safeContact: caseSafeContact,
});
export const survivorToldOfDelayCommand = z.strictObject({
  actor: actorSchema,
  ...outboundContactFields,
  safeContact: caseSafeContact,
});

export const survivorConfirmationCommand = z.strictObject({
  actor: actorSchema,
  satisfied: z.boolean(),
  note: boundedText(1000).optional(),
});

export type EmergencyRepairsCommand = z.infer<typeof emergencyRepairsCommand>;
export type ContractorUpdateCommand = z.infer<typeof contractorUpdateCommand>;
export type SurvivorToldOfDelayCommand = z.infer<typeof survivorToldOfDelayCommand>;
export type SurvivorConfirmationCommand = z.infer<typeof survivorConfirmationCommand>;
