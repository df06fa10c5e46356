import { z } from 'zod';
import { boundedText } from '../../platform/text';
import { caseDate } from '../../platform/dates';
import { actorSchema } from '../../staff/staff';

export const REHOUSING_OPTIONS = [
  'stay_with_added_security',
  'temporary_accommodation',
  'management_transfer',
  'sole_tenancy',
  'local_authority_homelessness',
  'move_to_another_provider',
] as const;
const rehousingOption = z.enum(REHOUSING_OPTIONS);
const reference = boundedText(100);

/** A case's request for rehousing: the case's own facts (immediate danger) are all it needs. */
export const rehousingRequestCommand = z.strictObject({ actor: actorSchema });

/** Placements and offers are recorded by reference only: a new address is the most dangerous fact a case holds. */
export const temporaryAccommodationCommand = z.strictObject({ actor: actorSchema, placementReference: reference });

export const optionsAppraisalCommand = z
  .strictObject({
    actor: actorSchema,
    optionsConsidered: z.array(rehousingOption).min(1),
    chosen: rehousingOption,
    agreedWithSurvivor: z.literal(true, { error: 'the options appraisal is agreed with the survivor' }),
  })
  .refine((command) => command.optionsConsidered.includes(command.chosen), {
    path: ['chosen'],
    message: 'the chosen option must be one of those considered',
  });

export const offerCommand = z.strictObject({ actor: actorSchema, offerReference: reference, kind: rehousingOption });
export const offerDecisionCommand = z
  .strictObject({
    actor: actorSchema,
    offerReference: reference,
    decision: z.enum(['accepted', 'refused']),
    reason: boundedText(500).optional(),
  })
  .refine((command) => command.decision === 'accepted' || command.reason, {
    path: ['reason'],
    message: "record the survivor's reason for refusing",
  });
export const moveDateCommand = z.strictObject({ actor: actorSchema, moveDate: caseDate });
export const moveCompletedCommand = z.strictObject({ actor: actorSchema });

/** From the local authority's housing team (a partner callback). */
export const localAuthorityDecisionCommand = z.strictObject({
  decisionReference: reference,
  decision: z.enum(['prevention_duty', 'relief_duty', 'main_duty_accepted', 'not_eligible', 'referred_elsewhere']),
});

export type RehousingRequestCommand = z.infer<typeof rehousingRequestCommand>;
export type TemporaryAccommodationCommand = z.infer<typeof temporaryAccommodationCommand>;
export type OptionsAppraisalCommand = z.infer<typeof optionsAppraisalCommand>;
export type OfferCommand = z.infer<typeof offerCommand>;
export type OfferDecisionCommand = z.infer<typeof offerDecisionCommand>;
export type MoveDateCommand = z.infer<typeof moveDateCommand>;
export type MoveCompletedCommand = z.infer<typeof moveCompletedCommand>;
export type LocalAuthorityDecisionCommand = z.infer<typeof localAuthorityDecisionCommand>;
