import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../platform/http/documented';
import {
  consentRecordSchema,
  lawfulBasisApprovalSchema,
  lawfulBasisSchema,
  sharingRequestSchema,
} from '../sharing/consent';
import { disclosureSchema } from './disclosure';
import { safeContactProfileSchema } from '../contact/safe-contact';
import { outboundContactRecordSchema } from '../contact/view-schema';
import { PERPETRATOR_REFERRAL_ROUTES, perpetratorActionKindSchema, policyProfileSchema } from '../policy/profile';
import { riskLevelSchema } from './risk';
import { staffRoleSchema } from '../staff/staff';
import {
  NOTIFICATION_METHODS,
  NOTIFICATION_RECIPIENTS,
  openChildDisposition,
  PERPETRATOR_ACTION_OUTCOMES,
  SAFETY_PLAN_OUTCOMES,
  SERIOUS_INCIDENT_CATEGORIES,
} from './commands';
import { alertSummarySchema } from '../alerts/view-schema';
import { deadlineSchema } from '../deadlines/view-schema';
import { childStatusSchema } from '../children/view-schema';
import type * as state from './state';
import { REOPENING_KINDS } from './state';

const caseStatusSchema = z.enum(['open', 'closed']);

/**
 * What the case workflow's Updates and Queries answer, as zod schemas for the API documentation. Each is
 * checked at compile time against the workflow's own type (bottom of this file), so a field added
 * to the case's state fails `tsc` until it is documented here. Each child kind documents its own
 * state in its folder's view-schema.ts.
 */

const riskReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('visible_high_risk'), yesCount: z.int() }),
  z.object({ kind: z.literal('score_band'), band: z.enum(['medium', 'standard']), yesCount: z.int() }),
  z.object({ kind: z.literal('potential_escalation'), policeCallOuts: z.int() }),
  z.object({ kind: z.literal('professional_judgement') }),
  z.object({
    kind: z.literal('partner_assessment'),
    agency: z.string(),
    assessedOn: z.string(),
    riskLevel: riskLevelSchema,
  }),
]);

export const riskAssessmentRecordSchema = z
  .object({
    at,
    by: z.string(),
    kind: z.enum(['answers', 'count', 'partner_agency']),
    level: riskLevelSchema,
    yesCount: z.int().nullable(),
    reasons: z.array(riskReasonSchema),
  })
  .meta({ id: 'RiskAssessmentRecord' });

export const sharingRequestStateSchema = z
  .object({
    request: sharingRequestSchema,
    status: z.enum(['awaiting_decision', 'blocked', 'authorised', 'released']),
    blockedReason: z.string().optional(),
    release: z
      .object({
        at,
        by: z.string(),
        basis: z.union([z.literal('consent'), lawfulBasisSchema]),
        consentId: z.string().optional(),
        approvedBy: z.string().optional(),
        tellSurvivor: z.boolean(),
      })
      .optional(),
    survivorTold: outboundContactRecordSchema.optional().describe('the survivor was told of the sharing'),
  })
  .meta({ id: 'SharingRequestState' });

const contactAttemptSchema = outboundContactRecordSchema.extend({
  outcome: z.enum(['reached', 'not_reached', 'unsafe_to_contact']),
});
const safeContactChangeSchema = z.object({ ...byWhomAndWhen, profile: safeContactProfileSchema });
const measureOwnerViewSchema = z
  .object({ staffId: z.string().optional(), agency: z.string().optional(), role: z.string().optional() })
  .describe('a member of staff (staffId), or a role at an agency (agency, role)');
const safetyPlanMeasureSchema = z.object({
  id: z.string().describe('m1, m2, … in the order agreed; a review names the measure by it'),
  option: z.string().optional().describe('the profile’s option (profile.safetyPlan.measures)'),
  label: z.string().optional().describe('the option’s label as the profile had it'),
  text: z.string().optional().describe('free text: what no option covers, or the detail agreed'),
  owner: measureOwnerViewSchema,
  reviewBy: z
    .string()
    .optional()
    .describe(
      'the date or instant of its next review; absent: the profile’s review interval from the last agreement or review',
    ),
  status: z.enum(['active', 'ended']),
});
const safetyPlanReviewSchema = z.object({
  ...byWhomAndWhen,
  outcomes: z.array(z.object({ measureId: z.string(), outcome: z.enum(SAFETY_PLAN_OUTCOMES) })),
});
const safetyPlanSchema = z.object({
  agreedAt: at,
  by: z.string(),
  measures: z.array(safetyPlanMeasureSchema),
  reviews: z.array(safetyPlanReviewSchema).optional(),
});
const safetyPlanReviewedEntrySchema = z.object({
  review: safetyPlanReviewSchema,
  measures: z.array(safetyPlanMeasureSchema),
});
const incidentSchema = z.object({
  occurredAt: at,
  recordedAt: at,
  by: z.string(),
  policeCalled: z.boolean(),
  injuries: z.boolean().optional().describe('absent: not asked'),
  propertyDamage: z.boolean().optional().describe('absent: not asked'),
});
const immediateDangerSchema = z.object({ ...byWhomAndWhen, policeCalled: z.boolean() });
const safeguardingReferralSchema = z.object({
  subject: z.enum(['child', 'adult_at_risk']),
  agency: z.string(),
  ...byWhomAndWhen,
});
const perpetratorReferralSchema = z.object({
  route: z.enum(PERPETRATOR_REFERRAL_ROUTES),
  agency: z.string(),
  ...byWhomAndWhen,
});
const managerReviewSchema = z.object({ ...byWhomAndWhen, notes: z.string().optional() });
const perpetratorActionSchema = z
  .object({
    id: z.string(),
    kind: perpetratorActionKindSchema,
    ...byWhomAndWhen,
    owner: measureOwnerViewSchema,
    survivorAgrees: z.boolean(),
    safetyOverride: z
      .object({ by: z.string(), reason: z.string() })
      .optional()
      .describe('a DA lead recorded why the survivor’s safety requires a tenancy action they did not agree to'),
    status: z.enum(['open', ...PERPETRATOR_ACTION_OUTCOMES]),
    dueBy: z.iso.date().optional().describe('the date it is to be done by (its deadline); absent: none was set'),
    outcomes: z.array(z.object({ ...byWhomAndWhen, status: z.enum(PERPETRATOR_ACTION_OUTCOMES), outcome: z.string() })),
  })
  .describe('an action about the perpetrator, its owner, the survivor’s wishes, and its progress');
const feedbackContactSchema = outboundContactRecordSchema
  .extend({
    outcome: z.enum(['answered', 'declined', 'not_reached']),
    answers: z
      .object({
        handledWell: z.enum(['yes', 'partly', 'no']),
        feltSafer: z.enum(['yes', 'partly', 'no']).optional(),
        comments: z.string().optional(),
      })
      .optional(),
  })
  .describe('the survivor asked for feedback on how their case was handled, and their answer');
const caseAssignmentSchema = z
  .object({
    ...byWhomAndWhen,
    fromOfficerId: z.string(),
    toOfficerId: z.string(),
    reason: z.string(),
    genderPreference: z
      .object({ requested: z.enum(['female', 'male']), met: z.boolean(), exception: z.string().optional() })
      .optional()
      .describe(
        'the survivor asked for an officer of this gender: whether the new officer meets it, and if not why not',
      ),
  })
  .describe('the case passed from one officer to another');
const closureSchema = z.object({
  ...byWhomAndWhen,
  byRole: staffRoleSchema,
  reason: z.string(),
  survivorAgrees: z.boolean(),
  openChildren: z.array(openChildDisposition).optional(),
});

const reopeningRequestSchema = z.object({
  ...byWhomAndWhen,
  byRole: staffRoleSchema,
  kind: z.enum(REOPENING_KINDS),
  reason: z.string(),
  requestId: z
    .string()
    .optional()
    .describe('the keyed request that reopened a finished run; its retry answers the same'),
});
const reopeningSchema = reopeningRequestSchema.extend({
  closure: closureSchema.describe('the closure this reopening undid'),
  feedbackRequestedAt: at.optional(),
  feedback: z.array(feedbackContactSchema).optional().describe('the survivor’s feedback after that closure'),
});

/** What a case action answers (CaseChange in state.ts): the entry it recorded, and the case's version and status after it. */
const caseChangeSchema = <Entry extends z.ZodType>(id: string, entry: Entry) =>
  z
    .object({ caseId: z.string(), stateVersion: z.int(), status: caseStatusSchema, entry })
    .meta({ id, description: 'the entry the action recorded, and the case’s version and status after it' });

export const contactAttemptChangeSchema = caseChangeSchema('ContactAttemptRecorded', contactAttemptSchema);
export const safeContactUpdatedSchema = caseChangeSchema('SafeContactUpdated', safeContactChangeSchema);
export const safetyPlanChangeSchema = caseChangeSchema('SafetyPlanRecorded', safetyPlanSchema);
export const safetyPlanReviewedSchema = caseChangeSchema('SafetyPlanReviewed', safetyPlanReviewedEntrySchema);
export const incidentChangeSchema = caseChangeSchema('IncidentRecorded', incidentSchema);
export const immediateDangerChangeSchema = caseChangeSchema('ImmediateDangerRecorded', immediateDangerSchema);
export const safeguardingReferralChangeSchema = caseChangeSchema(
  'SafeguardingReferralRecorded',
  safeguardingReferralSchema,
);
export const perpetratorReferralChangeSchema = caseChangeSchema(
  'PerpetratorReferralRecorded',
  perpetratorReferralSchema,
);
export const managerReviewChangeSchema = caseChangeSchema('ManagerReviewRecorded', managerReviewSchema);
export const closureChangeSchema = caseChangeSchema('CaseClosed', closureSchema);
const notificationSchema = z
  .object({
    id: z.string(),
    recipient: z.enum(NOTIFICATION_RECIPIENTS),
    notifiedAt: at,
    method: z.enum(NOTIFICATION_METHODS),
    ...byWhomAndWhen,
    toStaffId: z.string().optional(),
    referralForSupport: z.boolean().optional(),
    sharedUnder: z
      .object({
        requestId: z.string(),
        agency: z.string(),
        purpose: z.string(),
        basis: z.union([z.literal('consent'), lawfulBasisSchema]),
        consentId: z.string().optional(),
        approvedBy: z.string().optional(),
      })
      .optional()
      .describe('for an agency: the released sharing request and the consent or lawful basis it went under'),
  })
  .describe('who was told of the case, when, how, and under which basis');
const seriousIncidentReportSchema = z
  .object({
    id: z.string(),
    incidentNumber: z.int(),
    category: z.enum(SERIOUS_INCIDENT_CATEGORIES),
    summary: z.string(),
    ...byWhomAndWhen,
    status: z.enum(['awaiting_approval', 'approved']),
    approval: z.object({ ...byWhomAndWhen, byRole: staffRoleSchema, comments: z.string().optional() }).optional(),
  })
  .describe('a serious-incident report about a recorded incident, and its approval');
export const notificationChangeSchema = caseChangeSchema('NotificationRecorded', notificationSchema);
export const seriousIncidentReportChangeSchema = caseChangeSchema(
  'SeriousIncidentReported',
  seriousIncidentReportSchema,
);
export const perpetratorActionChangeSchema = caseChangeSchema('PerpetratorActionRecorded', perpetratorActionSchema);
export const feedbackChangeSchema = caseChangeSchema('FeedbackRecorded', feedbackContactSchema);
export const reassignmentChangeSchema = caseChangeSchema('CaseReassigned', caseAssignmentSchema);
export const reopeningChangeSchema = caseChangeSchema('CaseReopened', reopeningRequestSchema);

export const caseViewSchema = z
  .object({
    workflowId: z.string(),
    caseId: z.string(),
    openedAt: at,
    disclosure: disclosureSchema,
    profile: policyProfileSchema,
    status: caseStatusSchema,
    risk: z.object({
      level: z.enum(['unassessed', ...riskLevelSchema.options]),
      assessedAt: at.optional(),
      reasons: z.array(riskReasonSchema),
    }),
    assessments: z.array(riskAssessmentRecordSchema),
    contactAttempts: z.array(contactAttemptSchema),
    safeContact: z
      .object({ profile: safeContactProfileSchema, changes: z.array(z.object(byWhomAndWhen)) })
      .optional()
      .describe('the safe-contact profile as last agreed with the survivor; absent: the disclosure’s'),
    safetyPlan: safetyPlanSchema.optional(),
    incidents: z.array(incidentSchema),
    immediateDanger: immediateDangerSchema.optional(),
    sharing: z.object({
      requests: z.array(sharingRequestStateSchema),
      consents: z.array(consentRecordSchema),
      approvals: z.array(lawfulBasisApprovalSchema),
    }),
    safeguardingReferrals: z.array(safeguardingReferralSchema),
    perpetratorReferrals: z.array(perpetratorReferralSchema).optional(),
    reviews: z.array(managerReviewSchema),
    deadlines: z.array(deadlineSchema),
    alerts: z.array(alertSummarySchema),
    marac: z.object({ status: z.enum(['not_required', 'referral_required']), requiredSince: at.optional() }),
    children: z.array(childStatusSchema),
    closure: closureSchema.optional(),
    perpetratorActions: z
      .array(perpetratorActionSchema)
      .optional()
      .describe('actions about the perpetrator; absent until the first'),
    feedback: z
      .array(feedbackContactSchema)
      .optional()
      .describe('each time the survivor was asked for feedback after closure; absent until then'),
    assignments: z
      .array(caseAssignmentSchema)
      .optional()
      .describe(
        'each time the case passed to another officer, in order; absent: it is still the disclosure’s officer’s',
      ),
    notifications: z
      .array(notificationSchema)
      .optional()
      .describe('who was told of the case outside the caseworker’s own work; absent until the first'),
    seriousIncidentReports: z
      .array(seriousIncidentReportSchema)
      .optional()
      .describe('serious-incident reports and their approval; absent until the first'),
    feedbackRequestedAt: at.optional(),
    reopenings: z
      .array(reopeningSchema)
      .optional()
      .describe('each reopening of the closed case, oldest first, with the closure it undid; absent if never reopened'),
    updatedAt: at,
    stateVersion: z.int(),
    breached: z.boolean(),
    repeatIncidents: z
      .object({ total: z.int(), inLast12Months: z.int() })
      .describe('incidents since the disclosure, each a repeat; those in the last 12 months are repeat victimisation'),
    safeguardingReferralRequired: z.boolean(),
  })
  .meta({ id: 'CaseState', description: 'the case workflow’s state, as its getCase Query answers it' });

export type DocumentedResults = [
  Covers<typeof caseViewSchema, state.CaseView>,
  Covers<typeof contactAttemptChangeSchema, state.CaseChange<state.ContactAttempt>>,
  Covers<typeof safeContactUpdatedSchema, state.CaseChange<state.SafeContactChange>>,
  Covers<typeof safetyPlanChangeSchema, state.CaseChange<state.SafetyPlan>>,
  Covers<typeof safetyPlanReviewedSchema, state.CaseChange<state.SafetyPlanReviewed>>,
  Covers<typeof incidentChangeSchema, state.CaseChange<state.Incident>>,
  Covers<typeof immediateDangerChangeSchema, state.CaseChange<state.ImmediateDangerRecord>>,
  Covers<typeof safeguardingReferralChangeSchema, state.CaseChange<state.SafeguardingReferral>>,
  Covers<typeof perpetratorReferralChangeSchema, state.CaseChange<state.PerpetratorReferral>>,
  Covers<typeof managerReviewChangeSchema, state.CaseChange<state.ManagerReview>>,
  Covers<typeof closureChangeSchema, state.CaseChange<state.CaseClosure>>,
  Covers<typeof notificationChangeSchema, state.CaseChange<state.CaseNotification>>,
  Covers<typeof seriousIncidentReportChangeSchema, state.CaseChange<state.SeriousIncidentReport>>,
  Covers<typeof perpetratorActionChangeSchema, state.CaseChange<state.PerpetratorAction>>,
  Covers<typeof feedbackChangeSchema, state.CaseChange<state.FeedbackContact>>,
  Covers<typeof reassignmentChangeSchema, state.CaseChange<state.CaseAssignment>>,
  Covers<typeof reopeningChangeSchema, state.CaseChange<state.CaseReopeningRequest>>,
  Covers<typeof riskAssessmentRecordSchema, state.RiskAssessmentRecord>,
  Covers<typeof sharingRequestStateSchema, state.SharingRequestState>,
];
