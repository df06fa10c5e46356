import { z } from 'zod';
import { AGENCY_NAME_MAX, boundedText, REASONING_TEXT_MAX } from '../../platform/text';
import { actorSchema } from '../../staff/staff';

export const SAFEGUARDING_SUBJECTS = ['child', 'adult_at_risk'] as const;
const subjectSchema = z.enum(SAFEGUARDING_SUBJECTS, { error: 'subject must be "child" or "adult_at_risk"' });
const reference = boundedText(100);

/** Staff raise a referral the household's facts did not call for: whom it is about, and why. */
export const safeguardingRequestCommand = z.strictObject({
  actor: actorSchema,
  subject: subjectSchema,
  concern: boundedText(REASONING_TEXT_MAX, {
    min: 20,
    message: 'describe the safeguarding concern in at least 20 characters',
  }),
});

/** The referral made to the local authority: which agency, and its reference for it. */
export const makeSafeguardingReferralCommand = z
  .strictObject({
    actor: actorSchema,
    agency: boundedText(AGENCY_NAME_MAX),
    agencyReference: reference,
    survivorInformed: z.boolean(),
    reasonNotInformed: boundedText(1000, { min: 10 }).optional(),
  })
  .refine((command) => command.survivorInformed || command.reasonNotInformed, {
    path: ['reasonNotInformed'],
    message: 'record why telling the survivor would raise the risk',
  });

/** Staff review an open referral with the local authority, until its outcome. */
export const reviewSafeguardingReferralCommand = z.strictObject({
  actor: actorSchema,
  summary: boundedText(2000),
});

/** From the local authority (partner callbacks): its acknowledgement, then its outcome. */
export const safeguardingAcknowledgementCommand = z.strictObject({ localAuthorityReference: reference });

export const SAFEGUARDING_OUTCOMES = [
  'no_further_action',
  'early_help',
  'child_in_need',
  'child_protection_enquiry',
  'adult_safeguarding_enquiry',
  'referred_elsewhere',
] as const;
export const safeguardingOutcomeCommand = z.strictObject({
  localAuthorityReference: reference,
  outcome: z.enum(SAFEGUARDING_OUTCOMES, { error: `outcome must be one of: ${SAFEGUARDING_OUTCOMES.join(', ')}` }),
});

export type SafeguardingSubject = (typeof SAFEGUARDING_SUBJECTS)[number];
export type SafeguardingRequestCommand = z.infer<typeof safeguardingRequestCommand>;
export type MakeSafeguardingReferralCommand = z.infer<typeof makeSafeguardingReferralCommand>;
export type ReviewSafeguardingReferralCommand = z.infer<typeof reviewSafeguardingReferralCommand>;
export type SafeguardingAcknowledgementCommand = z.infer<typeof safeguardingAcknowledgementCommand>;
export type SafeguardingOutcomeCommand = z.infer<typeof safeguardingOutcomeCommand>;
