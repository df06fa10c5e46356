import { z } from 'zod';
import { AGENCY_NAME_MAX, boundedText, keepItTo, REASONING_TEXT_MAX, RECORDED_TEXT_MAX } from '../../platform/text';
import { caseDate } from '../../platform/dates';
import { actorSchema } from '../../staff/staff';

const agencyName = boundedText(AGENCY_NAME_MAX);

/**
 * What the MARAC coordinator asks of a referral (the SafeLives referral form's research), assembled
 * by the API from the case; absent on submissions recorded before it was sent.
 */
export const maracResearchSchema = z.strictObject({
  riskSummary: z.strictObject({
    level: z.enum(['unassessed', 'standard', 'medium', 'high']),
    dashYesCount: z.int().min(0).max(27).optional(),
    assessedAt: z.iso.datetime({ offset: true }).optional(),
    reasons: z.array(boundedText(100)).max(20),
    policeCallOutsLast12Months: z.int().min(0).max(1000).optional(),
  }),
  childrenInHousehold: z.boolean(),
  adultAtRisk: z.boolean(),
  repeatIncidentsLast12Months: z.int().min(0).max(1000),
  agenciesInvolved: z.array(agencyName).max(100),
});

export const submitReferralCommand = z
  .strictObject({
    actor: actorSchema,
    /** the profile's MARAC area (its id) where it names them; otherwise the area in words */
    area: boundedText(100),
    survivorInformed: z.boolean(),
    reasonNotInformed: boundedText(1000, { min: 10 }).optional(),
    /** filled by the API from the case, never taken from the body */
    research: maracResearchSchema.optional(),
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

/** A case's request for a referral on professional judgement; its handler re-parses the recorded bounds on replay. */
export const recordedMaracReferralRequestCommand = z.strictObject({
  actor: actorSchema,
  /** professional judgement that the case needs MARAC although the DASH did not call for it */
  rationale: boundedText(RECORDED_TEXT_MAX, {
    min: 20,
    message: 'explain the professional judgement in at least 20 characters',
  }),
});
export const maracReferralRequestCommand = recordedMaracReferralRequestCommand.extend({
  rationale: recordedMaracReferralRequestCommand.shape.rationale.max(REASONING_TEXT_MAX, keepItTo(REASONING_TEXT_MAX)),
});

export type MaracReferralRequestCommand = z.infer<typeof maracReferralRequestCommand>;
export type MaracResearch = z.infer<typeof maracResearchSchema>;
export type SubmitReferralCommand = z.infer<typeof submitReferralCommand>;
export type MeetingScheduledCommand = z.infer<typeof meetingScheduledCommand>;
export type MaracOutcomeCommand = z.infer<typeof maracOutcomeCommand>;
export type CompleteActionCommand = z.infer<typeof completeActionCommand>;
