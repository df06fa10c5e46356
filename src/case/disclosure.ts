import { z } from 'zod';
import { boundedText } from '../platform/text';
import { caseInstant } from '../platform/dates';
import { safeContactProfileSchema } from '../contact/safe-contact';

/** What staff record when someone discloses domestic abuse (DESIGN 3.1). */
export const disclosureChannels = ['phone', 'face_to_face', 'email', 'web', 'app', 'visit', 'letter'] as const;
export const reporterKinds = [
  'survivor',
  'neighbour',
  'relative',
  'contractor',
  'staff',
  'partner_agency',
  'other',
] as const;
const staffId = boundedText(100);

export const disclosureSchema = z
  .strictObject({
    organisationId: boundedText(100),
    channel: z.enum(disclosureChannels),
    reporter: z.enum(reporterKinds),
    /** when the disclosure was made; defaults to when it is recorded (the API refuses a later one) */
    disclosedAt: caseInstant.optional(),
    survivor: z.strictObject({
      /** the provider's own person or tenancy reference, not a name */
      reference: boundedText(100),
      isResident: z.boolean(),
      childrenInHousehold: z.boolean(),
      adultAtRisk: z.boolean().default(false),
    }),
    perpetrator: z.strictObject({
      isResident: z.boolean(),
      reference: boundedText(100).optional(),
      /** the officer working with the perpetrator, who must never be the survivor's officer */
      officerId: staffId.optional(),
    }),
    safeContact: safeContactProfileSchema,
    immediateDanger: z.boolean(),
    caseOfficerId: staffId,
    teamId: staffId,
    requestedOfficerGender: z.enum(['female', 'male', 'no_preference']).default('no_preference'),
    /** the survivor's earlier case, closed beyond its reopening period, that this new case follows */
    linkedToCaseId: z.uuid('linkedToCaseId must be a case id (a UUID)').optional(),
  })
  .refine((d) => !d.perpetrator.officerId || d.perpetrator.officerId !== d.caseOfficerId, {
    path: ['caseOfficerId'],
    message: "the survivor's case officer cannot be the officer working with the perpetrator",
  });

export type Disclosure = z.infer<typeof disclosureSchema>;
export type DisclosureInput = z.input<typeof disclosureSchema>;
