import { z } from 'zod';
import {
  AGENCY_NAME_MAX,
  boundedText,
  keepItTo,
  nameAtMost,
  REASONING_TEXT_MAX,
  RECORDED_TEXT_MAX,
} from '../platform/text';
import { CHILD_DISPOSITIONS } from './rules/closure';
import { CHILD_KINDS } from '../children/kinds';
import { consentScopeSchema, lawfulBasisSchema } from '../sharing/consent';
import { caseDate, caseInstant } from '../platform/dates';
import { outboundContactFields, safeContactProfileSchema } from '../contact/safe-contact';
import { dashAssessmentSchema, recordedDashAssessmentSchema } from './risk';
import { actorSchema } from '../staff/staff';
import { CASE_ENTRY_LIMITS } from './state-bounds';
import { PERPETRATOR_REFERRAL_ROUTES, perpetratorActionKindSchema } from '../policy/profile';
import { REOPENING_KINDS } from './state';

/**
 * The staff actions on a case. Each schema validates an Update's argument inside the workflow's
 * validator and the API's request body, so both refuse the same things with the same words.
 */
const text = (max: number) => boundedText(max);
const id = boundedText(100);

/*
 * Bounds that only new commands meet. Running cases may have recorded longer lists and text before
 * these existed, and an Update handler re-parses its recorded command on replay, so each handler
 * parses the `recorded…` schema and only the validators and the API hold a command to these.
 */
export const DATA_CATEGORIES_MAX = 40;
export const SAFETY_PLAN_MEASURES_MAX = 50;
export { REASONING_TEXT_MAX };
const PURPOSE_MAX = 500;
const DATA_CATEGORY_MAX = 100;
const reasoningTooLong = keepItTo(REASONING_TEXT_MAX);

export const contactAttemptCommand = z.strictObject({
  actor: actorSchema,
  outcome: z.enum(['reached', 'not_reached', 'unsafe_to_contact']),
  ...outboundContactFields,
});

/** The survivor's safe-contact profile, changed with them by their officer. */
export const safeContactUpdateCommand = z.strictObject({ actor: actorSchema, safeContact: safeContactProfileSchema });

export const recordedDashCommand = z.strictObject({ actor: actorSchema, assessment: recordedDashAssessmentSchema });
export const dashCommand = z.strictObject({ actor: actorSchema, assessment: dashAssessmentSchema });

/** The most one safety-plan measure's text holds. */
export const SAFETY_PLAN_TEXT_MAX = 200;

/**
 * Who carries out a safety-plan measure: a member of staff, or a role at another agency (the police
 * for a panic alarm, the council for the SAFER Scheme). Absent: the officer who records the plan.
 */
export const measureOwnerSchema = z
  .strictObject({
    staffId: id.optional(),
    agency: text(AGENCY_NAME_MAX).optional(),
    role: text(100).optional(),
  })
  .refine((owner) => (owner.staffId === undefined) !== (owner.agency === undefined), {
    message: 'name either a member of staff (staffId) or an agency (agency and role)',
  })
  .refine((owner) => owner.agency === undefined || owner.role !== undefined, {
    path: ['role'],
    message: 'name the role at the agency that owns the measure',
  })
  .refine((owner) => owner.staffId === undefined || owner.role === undefined, {
    path: ['role'],
    message: 'a role is named only with an agency',
  });
export type MeasureOwner = z.infer<typeof measureOwnerSchema>;

/** When a measure is next reviewed: a date (close of business that day) or an instant. */
const reviewDateSchema = z
  .string()
  .refine((value) => caseDate.safeParse(value).success || caseInstant.safeParse(value).success, {
    message: 'expected a date written YYYY-MM-DD or an ISO 8601 date-time with an offset, between 2000 and 2099',
  })
  .describe('a date (YYYY-MM-DD, close of business that day) or an ISO 8601 date-time with an offset');

/**
 * One measure of a plan: an option of the profile (`option`, its id) or, for what no option
 * covers, `text`; or both (an option with the detail agreed). Before options existed a measure was
 * a string of free text, which is still accepted: it is a measure of that text, owned by the officer.
 */
const measureEntrySchema = z
  .strictObject({
    option: text(60).optional(),
    text: text(SAFETY_PLAN_TEXT_MAX).optional(),
    owner: measureOwnerSchema.optional(),
    /** absent: the profile's review interval, counted from the plan (or its last review) */
    reviewBy: reviewDateSchema.optional(),
  })
  .refine((measure) => measure.option !== undefined || measure.text !== undefined, {
    path: ['option'],
    message: "choose one of the profile's safety-plan options, or describe the measure in text",
  });
const safetyPlanMeasureSchema = z.union([text(SAFETY_PLAN_TEXT_MAX), measureEntrySchema]);
export type SafetyPlanMeasureEntry = z.infer<typeof safetyPlanMeasureSchema>;

export const recordedSafetyPlanCommand = z.strictObject({
  actor: actorSchema,
  measures: z.array(safetyPlanMeasureSchema).min(1, 'a safety plan records at least one agreed measure'),
  agreedWithSurvivor: z.literal(true, { error: 'a safety plan is agreed with the survivor' }),
});
export const safetyPlanCommand = recordedSafetyPlanCommand.extend({
  measures: recordedSafetyPlanCommand.shape.measures.max(
    SAFETY_PLAN_MEASURES_MAX,
    nameAtMost(SAFETY_PLAN_MEASURES_MAX, 'measures'),
  ),
});

export const SAFETY_PLAN_OUTCOMES = ['kept', 'changed', 'ended'] as const;

/** A review of the plan, with the survivor: what becomes of each measure still in it, and when it is next reviewed. */
export const safetyPlanReviewCommand = z.strictObject({
  actor: actorSchema,
  measures: z
    .array(
      z.strictObject({
        /** the measure's id in the plan (m1, m2, …) */
        measureId: id,
        outcome: z.enum(SAFETY_PLAN_OUTCOMES),
        /** a changed measure's new text */
        text: text(SAFETY_PLAN_TEXT_MAX).optional(),
        owner: measureOwnerSchema.optional(),
        reviewBy: reviewDateSchema.optional(),
      }),
    )
    .min(1, 'say what becomes of each measure of the plan')
    .max(SAFETY_PLAN_MEASURES_MAX, nameAtMost(SAFETY_PLAN_MEASURES_MAX, 'measures')),
  agreedWithSurvivor: z.literal(true, { error: 'a safety plan is reviewed with the survivor' }),
});

export const recordedSharingRequestCommand = z.strictObject({
  actor: actorSchema,
  agency: text(AGENCY_NAME_MAX),
  purpose: text(PURPOSE_MAX),
  dataCategories: z.array(text(DATA_CATEGORY_MAX)).min(1, 'name at least one category of information to share'),
  recipientIsPerpetrator: z.boolean().default(false),
});
export const sharingRequestCommand = recordedSharingRequestCommand.extend({
  dataCategories: recordedSharingRequestCommand.shape.dataCategories.max(
    DATA_CATEGORIES_MAX,
    nameAtMost(DATA_CATEGORIES_MAX, 'categories of information'),
  ),
});

/** A consent's scope names what a sharing request names, so it is held to the same bounds. */
const boundedConsentScope = consentScopeSchema.extend({
  agency: consentScopeSchema.shape.agency.max(AGENCY_NAME_MAX),
  purpose: consentScopeSchema.shape.purpose.max(PURPOSE_MAX),
  dataCategories: z
    .array(consentScopeSchema.shape.dataCategories.element.max(DATA_CATEGORY_MAX))
    .min(1, 'name at least one category of data to be shared')
    .max(DATA_CATEGORIES_MAX, nameAtMost(DATA_CATEGORIES_MAX, 'categories of data')),
});

export const recordedConsentDecisionCommand = z.strictObject({
  actor: actorSchema,
  scope: consentScopeSchema,
  decision: z.enum(['given', 'refused']),
});
export const consentDecisionCommand = recordedConsentDecisionCommand.extend({ scope: boundedConsentScope });

export const withdrawConsentCommand = z.strictObject({ actor: actorSchema, consentId: id });

export const recordedLawfulBasisCommand = z
  .strictObject({
    actor: actorSchema,
    requestId: id,
    basis: lawfulBasisSchema,
    rationale: boundedText(RECORDED_TEXT_MAX, {
      min: 20,
      message: 'explain the lawful basis in at least 20 characters',
    }),
    tellSurvivor: z.boolean(),
    reasonNotTelling: boundedText(RECORDED_TEXT_MAX).optional(),
  })
  .refine((command) => command.tellSurvivor || command.reasonNotTelling, {
    path: ['reasonNotTelling'],
    message: 'record why the survivor will not be told',
  });
export const lawfulBasisCommand = recordedLawfulBasisCommand.safeExtend({
  rationale: recordedLawfulBasisCommand.shape.rationale.max(REASONING_TEXT_MAX, reasoningTooLong),
  reasonNotTelling: recordedLawfulBasisCommand.shape.reasonNotTelling
    .unwrap()
    .max(REASONING_TEXT_MAX, reasoningTooLong)
    .optional(),
});

export const releaseCommand = z.strictObject({ actor: actorSchema, requestId: id });

/** The survivor told of a release the decision said they would be told of, by a safe way. */
export const survivorToldOfSharingCommand = z.strictObject({
  actor: actorSchema,
  requestId: id,
  ...outboundContactFields,
});

export const safeguardingReferralCommand = z.strictObject({
  actor: actorSchema,
  subject: z.enum(['child', 'adult_at_risk']),
  agency: text(200),
});

export const managerReviewCommand = z.strictObject({ actor: actorSchema, notes: text(2000).optional() });

/** A new incident: absent injuries or damage were not asked about, which is not the same as none. */
export const incidentCommand = z.strictObject({
  actor: actorSchema,
  occurredAt: caseInstant,
  policeCalled: z.boolean(),
  injuries: z.boolean().optional(),
  propertyDamage: z.boolean().optional(),
});

/** Immediate danger that arises after the disclosure: the DA lead is alerted and every open deadline becomes urgent. */
export const immediateDangerCommand = z.strictObject({ actor: actorSchema, policeCalled: z.boolean() });

export const openChildDisposition = z.strictObject({
  workflowId: text(300),
  kind: z.enum(CHILD_KINDS),
  disposition: z.enum(CHILD_DISPOSITIONS),
  reason: boundedText(500, { min: 10, message: 'say in at least 10 characters why' }),
});

export const closeCaseCommand = z.strictObject({
  actor: actorSchema,
  reason: z.enum(['resolved', 'uncontactable', 'survivor_declined_support']),
  survivorAgrees: z.boolean(),
  /** one entry per linked workflow still open: what becomes of it and why */
  openChildren: z
    .array(openChildDisposition)
    // as many as a case can hold, or a case with more open could never be closed
    .max(CASE_ENTRY_LIMITS.linkedWorkflows)
    .refine(
      (entries) => new Set(entries.map((entry) => entry.workflowId)).size === entries.length,
      'name each linked workflow once',
    )
    .default([]),
});

export type ContactAttemptCommand = z.infer<typeof contactAttemptCommand>;
export type SafeContactUpdateCommand = z.infer<typeof safeContactUpdateCommand>;
export type DashCommand = z.infer<typeof dashCommand>;
export type SafetyPlanCommand = z.infer<typeof safetyPlanCommand>;
export type SafetyPlanReviewCommand = z.infer<typeof safetyPlanReviewCommand>;
export type SharingRequestCommand = z.input<typeof sharingRequestCommand>;
export type ConsentDecisionCommand = z.infer<typeof consentDecisionCommand>;
export type WithdrawConsentCommand = z.infer<typeof withdrawConsentCommand>;
export type LawfulBasisCommand = z.infer<typeof lawfulBasisCommand>;
export type ReleaseCommand = z.infer<typeof releaseCommand>;
export type SurvivorToldOfSharingCommand = z.infer<typeof survivorToldOfSharingCommand>;
export type SafeguardingReferralCommand = z.infer<typeof safeguardingReferralCommand>;
export type ManagerReviewCommand = z.infer<typeof managerReviewCommand>;
export type IncidentCommand = z.infer<typeof incidentCommand>;
export type ImmediateDangerCommand = z.infer<typeof immediateDangerCommand>;
export type CloseCaseCommand = z.input<typeof closeCaseCommand>;

/** Reopening a closed case (a new incident, or the survivor returns), by a manager, within the profile's period. */
export const reopenCaseCommand = z.strictObject({
  actor: actorSchema,
  kind: z.enum(REOPENING_KINDS),
  reason: boundedText(REASONING_TEXT_MAX, { min: 10, message: 'say in at least 10 characters why the case reopens' }),
});
export type ReopenCaseCommand = z.input<typeof reopenCaseCommand>;
export type ReopenCase = z.infer<typeof reopenCaseCommand>;
export type OpenChildDisposition = z.infer<typeof openChildDisposition>;

/** Perpetrator routes (DESIGN 3.7, optional): only those the organisation's profile uses. */
export const perpetratorReferralCommand = z.strictObject({
  actor: actorSchema,
  route: z.enum(PERPETRATOR_REFERRAL_ROUTES),
  agency: text(200),
});
export type PerpetratorReferralCommand = z.infer<typeof perpetratorReferralCommand>;

/** A manager passes the case to another officer (DESIGN §7): the API adds what the directory records of them. */
export const reassignCaseCommand = z.strictObject({
  actor: actorSchema,
  toOfficerId: id,
  reason: boundedText(REASONING_TEXT_MAX, { min: 10, message: 'say in at least 10 characters why' }),
  /** why an officer who does not meet the survivor's gender request holds the case */
  genderPreferenceException: boundedText(REASONING_TEXT_MAX, {
    min: 10,
    message: 'say in at least 10 characters why',
  }).optional(),
  /** filled in by the API from the staff directory, never by the caller */
  toOfficer: z.strictObject({ gender: z.string().max(40).nullable() }).optional(),
});
export type ReassignCaseCommand = z.infer<typeof reassignCaseCommand>;

/** The survivor's feedback on how their case was handled (Stonewater 002 §12.2), asked for by a safe channel. */
export const feedbackCommand = z.strictObject({
  actor: actorSchema,
  ...outboundContactFields,
  outcome: z.enum(['answered', 'declined', 'not_reached']),
  answers: z
    .strictObject({
      handledWell: z.enum(['yes', 'partly', 'no']),
      feltSafer: z.enum(['yes', 'partly', 'no']).optional(),
      comments: boundedText(RECORDED_TEXT_MAX).optional(),
    })
    .optional(),
});
export type FeedbackCommand = z.infer<typeof feedbackCommand>;

/** An action about the perpetrator (issue 15), only of a kind the profile's policy names, with the survivor's wishes recorded. */
export const perpetratorActionCommand = z.strictObject({
  actor: actorSchema,
  kind: perpetratorActionKindSchema,
  owner: measureOwnerSchema,
  survivorAgrees: z.boolean({ error: 'record whether the survivor agrees to this action (survivorAgrees)' }),
  /** a DA lead's reason that the survivor's safety requires a tenancy action they have not agreed to */
  safetyReason: boundedText(REASONING_TEXT_MAX, { min: 10, message: 'say in at least 10 characters why' }).optional(),
  /** the date it is to be done by, at close of business: a deadline that escalates on the ladder if missed */
  dueBy: caseDate.optional(),
});
export type PerpetratorActionCommand = z.infer<typeof perpetratorActionCommand>;

export const PERPETRATOR_ACTION_OUTCOMES = ['in_progress', 'completed', 'withdrawn'] as const;
export const perpetratorActionOutcomeCommand = z.strictObject({
  actor: actorSchema,
  actionId: id,
  status: z.enum(PERPETRATOR_ACTION_OUTCOMES),
  outcome: text(RECORDED_TEXT_MAX),
});
export type PerpetratorActionOutcomeCommand = z.infer<typeof perpetratorActionOutcomeCommand>;

/**
 * Who was told of the case outside the caseworker's own work (SSJ 001: "Report as appropriate to the
 * Police, your line manager, relevant colleagues, Domestic Abuse Lead, Local Authority").
 */
export const NOTIFICATION_RECIPIENTS = [
  'police',
  'local_authority',
  'other_agency',
  'line_manager',
  'da_lead',
] as const;
export type NotificationRecipient = (typeof NOTIFICATION_RECIPIENTS)[number];
/** Recipients outside the organisation: what they are told leaves it, so only under a released sharing request. */
export const AGENCY_RECIPIENTS: ReadonlySet<NotificationRecipient> = new Set([
  'police',
  'local_authority',
  'other_agency',
]);
export const NOTIFICATION_METHODS = ['phone', 'email', 'secure_email', 'in_person', 'letter', 'portal'] as const;

export const notificationCommand = z
  .strictObject({
    actor: actorSchema,
    recipient: z.enum(NOTIFICATION_RECIPIENTS),
    notifiedAt: caseInstant,
    method: z.enum(NOTIFICATION_METHODS),
    /** an agency is told only what a released sharing request allowed: its basis (consent or lawful) is the notification's */
    sharingRequestId: id.optional(),
    /** a colleague told (line manager, DA lead), from the staff directory */
    toStaffId: id.optional(),
    /** the agency was referred to for support (Kent 004 §6.3: below the MARAC threshold, only with agreement) */
    referralForSupport: z.boolean().optional(),
  })
  .superRefine((command, ctx) => {
    const agency = AGENCY_RECIPIENTS.has(command.recipient);
    if (agency && command.sharingRequestId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['sharingRequestId'],
        message: `name the released sharing request under which the ${command.recipient.replaceAll('_', ' ')} was told`,
      });
    if (!agency && command.sharingRequestId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['sharingRequestId'],
        message: 'a colleague is told within the organisation, under no sharing request',
      });
    if (!agency && command.referralForSupport)
      ctx.addIssue({
        code: 'custom',
        path: ['referralForSupport'],
        message: 'a referral for support goes to an agency',
      });
    if (agency && command.toStaffId !== undefined)
      ctx.addIssue({ code: 'custom', path: ['toStaffId'], message: 'toStaffId names a colleague, not an agency' });
  });
export type NotificationCommand = z.infer<typeof notificationCommand>;

export const SERIOUS_INCIDENT_CATEGORIES = [
  'serious_injury',
  'threat_to_life',
  'death',
  'serious_damage_to_property',
  'harm_to_staff',
  'other',
] as const;

/** A serious-incident report about an incident recorded on the case, for the profile's approver before its deadline. */
export const seriousIncidentReportCommand = z.strictObject({
  actor: actorSchema,
  /** the recorded incident it reports, counting from 1 in the order recorded */
  incidentNumber: z.int().min(1).max(CASE_ENTRY_LIMITS.incidents),
  category: z.enum(SERIOUS_INCIDENT_CATEGORIES),
  summary: boundedText(REASONING_TEXT_MAX, { min: 20, message: 'summarise the incident in at least 20 characters' }),
});
export type SeriousIncidentReportCommand = z.infer<typeof seriousIncidentReportCommand>;

export const seriousIncidentApprovalCommand = z.strictObject({
  actor: actorSchema,
  reportId: id,
  comments: text(RECORDED_TEXT_MAX).optional(),
});
export type SeriousIncidentApprovalCommand = z.infer<typeof seriousIncidentApprovalCommand>;
