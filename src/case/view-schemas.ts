import { z } from 'zod';
import { at, byWhomAndWhen, type Covers } from '../platform/http/documented';
import {
  consentRecordSchema,
  lawfulBasisApprovalSchema,
  lawfulBasisSchema,
  sharingRequestSchema,
} from '../sharing/consent';
import { disclosureSchema, safeContactProfileSchema } from './disclosure';
import { policyProfileSchema } from '../policy/profile';
import { riskLevelSchema } from './risk';
import { staffRoleSchema } from '../staff/staff';
import { openChildDisposition } from './commands';
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
  })
  .meta({ id: 'SharingRequestState' });

const contactAttemptSchema = z.object({
  ...byWhomAndWhen,
  outcome: z.enum(['reached', 'not_reached', 'unsafe_to_contact']),
  channel: z.string(),
  leftVoicemail: z.boolean().optional(),
  override: z
    .object({ by: z.string(), justification: z.string() })
    .optional()
    .describe('a manager went outside the survivor’s safe-contact profile, and why'),
});
const safeContactChangeSchema = z.object({ ...byWhomAndWhen, profile: safeContactProfileSchema });
const safetyPlanSchema = z.object({ agreedAt: at, by: z.string(), measures: z.array(z.string()) });
const incidentSchema = z.object({ occurredAt: at, recordedAt: at, by: z.string(), policeCalled: z.boolean() });
const immediateDangerSchema = z.object({ ...byWhomAndWhen, policeCalled: z.boolean() });
const safeguardingReferralSchema = z.object({
  subject: z.enum(['child', 'adult_at_risk']),
  agency: z.string(),
  ...byWhomAndWhen,
});
const perpetratorReferralSchema = z.object({
  route: z.enum(['matac', 'mappa', 'dapp']),
  agency: z.string(),
  ...byWhomAndWhen,
});
const managerReviewSchema = z.object({ ...byWhomAndWhen, notes: z.string().optional() });
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
});

/** What a case action answers (CaseChange in state.ts): the entry it recorded, and the case's version and status after it. */
const caseChangeSchema = <Entry extends z.ZodType>(id: string, entry: Entry) =>
  z
    .object({ caseId: z.string(), stateVersion: z.int(), status: caseStatusSchema, entry })
    .meta({ id, description: 'the entry the action recorded, and the case’s version and status after it' });

export const contactAttemptChangeSchema = caseChangeSchema('ContactAttemptRecorded', contactAttemptSchema);
export const safeContactUpdatedSchema = caseChangeSchema('SafeContactUpdated', safeContactChangeSchema);
export const safetyPlanChangeSchema = caseChangeSchema('SafetyPlanRecorded', safetyPlanSchema);
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
    feedbackRequestedAt: at.optional(),
    reopenings: z
      .array(reopeningSchema)
      .optional()
      .describe('each reopening of the closed case, oldest first, with the closure it undid; absent if never reopened'),
    updatedAt: at,
    stateVersion: z.int(),
    breached: z.boolean(),
    safeguardingReferralRequired: z.boolean(),
  })
  .meta({ id: 'CaseState', description: 'the case workflow’s state, as its getCase Query answers it' });

export type DocumentedResults = [
  Covers<typeof caseViewSchema, state.CaseView>,
  Covers<typeof contactAttemptChangeSchema, state.CaseChange<state.ContactAttempt>>,
  Covers<typeof safeContactUpdatedSchema, state.CaseChange<state.SafeContactChange>>,
  Covers<typeof safetyPlanChangeSchema, state.CaseChange<state.SafetyPlan>>,
  Covers<typeof incidentChangeSchema, state.CaseChange<state.Incident>>,
  Covers<typeof immediateDangerChangeSchema, state.CaseChange<state.ImmediateDangerRecord>>,
  Covers<typeof safeguardingReferralChangeSchema, state.CaseChange<state.SafeguardingReferral>>,
  Covers<typeof perpetratorReferralChangeSchema, state.CaseChange<state.PerpetratorReferral>>,
  Covers<typeof managerReviewChangeSchema, state.CaseChange<state.ManagerReview>>,
  Covers<typeof closureChangeSchema, state.CaseChange<state.CaseClosure>>,
  Covers<typeof reopeningChangeSchema, state.CaseChange<state.CaseReopeningRequest>>,
  Covers<typeof riskAssessmentRecordSchema, state.RiskAssessmentRecord>,
  Covers<typeof sharingRequestStateSchema, state.SharingRequestState>,
];
