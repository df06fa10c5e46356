import { z } from 'zod';
import { consentRecordSchema, lawfulBasisApprovalSchema, lawfulBasisSchema, sharingRequestSchema } from '../sharing/consent';
import { disclosureSchema } from './disclosure';
import { escalationRungSchema, escalationStepSchema, policyProfileSchema } from '../policy/profile';
import { riskLevelSchema } from './risk';
import { staffRoleSchema } from '../staff/staff';
import { timescaleSchema } from '../deadlines/timescale';
import { ALERT_KINDS } from '../alerts/alert';
import type { PartnerDelivery } from '../children/partner-gateway';
import type { CaseView, RiskAssessmentRecord, SharingRequestState } from './state';
import type { MaracReferralState } from '../children/marac/state';
import type { RehousingState } from '../children/rehousing/state';
import type { RepairsState } from '../children/repairs/state';
import type { ChildStatus } from '../children/kit';
import { CHILD_KINDS } from '../children/kinds';
import { DEADLINE_STATUSES, type Deadline } from '../deadlines/deadline';

/**
 * What the workflows' Updates and Queries answer, as zod schemas for the API documentation. Each is
 * checked at compile time against the workflow's own type (bottom of this file), so a field added
 * to a workflow's state fails `tsc` until it is documented here.
 */

const at = z.string().describe('an ISO 8601 timestamp');

const deadlineSchema = z
  .object({
    id: z.string(),
    task: z.string(),
    subjectId: z.string().optional(),
    startedAt: at,
    timescale: timescaleSchema.optional(),
    fixedDue: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('instant'), at, setBy: z.string() }),
        z.object({ kind: z.literal('close_of_business'), date: z.string(), setBy: z.string() }),
        z.object({ kind: z.literal('end_of_day') }),
      ])
      .optional(),
    ladder: z.array(escalationStepSchema).optional(),
    schedule: z
      .object({
        dueAt: at,
        reminderAt: at,
        rule: z.string(),
        calendarVersion: z.string(),
        rungs: z.array(z.object({ rung: escalationRungSchema, roleTitle: z.string(), at })),
      })
      .optional(),
    status: z.enum(DEADLINE_STATUSES),
    remindedAt: at.optional(),
    escalations: z.array(z.object({ rung: escalationRungSchema, alertId: z.string(), at })),
    completedAt: at.optional(),
  })
  .meta({ id: 'Deadline' });

const alertSummarySchema = z
  .object({ alertId: z.string(), kind: z.enum(ALERT_KINDS), task: z.string(), rung: escalationRungSchema.optional(), recipientRole: z.string(), raisedAt: at })
  .meta({ id: 'CaseAlertSummary' });

const riskReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('visible_high_risk'), yesCount: z.int() }),
  z.object({ kind: z.literal('score_band'), band: z.enum(['medium', 'standard']), yesCount: z.int() }),
  z.object({ kind: z.literal('potential_escalation'), policeCallOuts: z.int() }),
  z.object({ kind: z.literal('professional_judgement') }),
  z.object({ kind: z.literal('partner_assessment'), agency: z.string(), assessedOn: z.string(), riskLevel: riskLevelSchema }),
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

export const childStatusSchema = z
  .object({
    workflowId: z.string(),
    kind: z.enum(CHILD_KINDS),
    status: z.string(),
    open: z.boolean(),
    nextDeadline: z.object({ task: z.string(), dueAt: at }).optional(),
    repeatReferral: z.boolean().optional(),
    updatedAt: at,
  })
  .meta({ id: 'ChildStatus' });

const byWhomAndWhen = { at, by: z.string() };

export const caseViewSchema = z
  .object({
    workflowId: z.string(),
    caseId: z.string(),
    openedAt: at,
    disclosure: disclosureSchema,
    profile: policyProfileSchema,
    status: z.enum(['open', 'closed']),
    risk: z.object({ level: z.enum(['unassessed', ...riskLevelSchema.options]), assessedAt: at.optional(), reasons: z.array(riskReasonSchema) }),
    assessments: z.array(riskAssessmentRecordSchema),
    contactAttempts: z.array(z.object({ ...byWhomAndWhen, outcome: z.enum(['reached', 'not_reached', 'unsafe_to_contact']), channel: z.string() })),
    safetyPlan: z.object({ agreedAt: at, by: z.string(), measures: z.array(z.string()) }).optional(),
    incidents: z.array(z.object({ occurredAt: at, recordedAt: at, by: z.string(), policeCalled: z.boolean() })),
    sharing: z.object({ requests: z.array(sharingRequestStateSchema), consents: z.array(consentRecordSchema), approvals: z.array(lawfulBasisApprovalSchema) }),
    safeguardingReferrals: z.array(z.object({ subject: z.enum(['child', 'adult_at_risk']), agency: z.string(), ...byWhomAndWhen })),
    perpetratorReferrals: z.array(z.object({ route: z.enum(['matac', 'mappa', 'dapp']), agency: z.string(), ...byWhomAndWhen })).optional(),
    reviews: z.array(z.object({ ...byWhomAndWhen, notes: z.string().optional() })),
    deadlines: z.array(deadlineSchema),
    alerts: z.array(alertSummarySchema),
    marac: z.object({ status: z.enum(['not_required', 'referral_required']), requiredSince: at.optional() }),
    children: z.array(childStatusSchema),
    closure: z.object({ ...byWhomAndWhen, byRole: staffRoleSchema, reason: z.string(), survivorAgrees: z.boolean() }).optional(),
    feedbackRequestedAt: at.optional(),
    updatedAt: at,
    stateVersion: z.int(),
    breached: z.boolean(),
    safeguardingReferralRequired: z.boolean(),
  })
  .meta({ id: 'CaseState', description: 'the case workflow’s state, as its getCase Query and its Updates answer it' });

const partnerDeliverySchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('gateway'), partnerReference: z.string() }),
  z.object({ channel: z.literal('manual') }),
]);

const childStateBase = {
  deadlines: z.array(deadlineSchema),
  alerts: z.array(alertSummarySchema),
  settled: z.object({ at, reason: z.literal('case_closed') }).optional(),
};

export const maracReferralStateSchema = z
  .object({
    ...childStateBase,
    referralId: z.string(),
    reason: z.enum(['high_risk_assessment', 'professional_judgement']),
    referredAt: at,
    status: z.string(),
    repeat: z.object({ repeat: z.boolean(), previousReferralAt: at.optional() }).optional(),
    submission: z
      .object({ ...byWhomAndWhen, area: z.string(), survivorInformed: z.boolean(), reasonNotInformed: z.string().optional(), delivery: partnerDeliverySchema })
      .optional(),
    meeting: z.object({ date: z.string(), recordedAt: at, earlierDates: z.array(z.string()) }).optional(),
    outcome: z
      .object({
        recordedAt: at,
        actions: z.array(z.object({ actionId: z.string(), description: z.string(), dueDate: z.string(), completedAt: at.optional(), completedBy: z.string().optional() })),
      })
      .optional(),
  })
  .meta({ id: 'MaracReferralState', description: 'a MARAC referral workflow’s state' });

export const repairsStateSchema = z
  .object({
    ...childStateBase,
    orderId: z.string(),
    requestedAt: at,
    works: z.array(z.string()),
    securityScheme: z.string().optional(),
    status: z.string(),
    chargeToSurvivorPence: z.literal(0),
    order: z.object({ sentAt: at, delivery: partnerDeliverySchema }).optional(),
    delays: z.array(
      z.object({ reportedAt: at, newCompletionBy: at, reason: z.string(), survivorTold: z.object({ ...byWhomAndWhen, channel: z.string() }).optional() }),
    ),
    contractorCompletion: z.object({ completedAt: at, evidenceReference: z.string(), recordedAt: at }).optional(),
    survivorConfirmation: z.object({ ...byWhomAndWhen, satisfied: z.boolean(), note: z.string().optional() }).optional(),
  })
  .meta({ id: 'RepairsState', description: 'an emergency repairs workflow’s state' });

const rehousingOptionSchema = z.string().describe('a rehousing option (see the options appraisal command)');

export const rehousingStateSchema = z
  .object({
    ...childStateBase,
    requestId: z.string(),
    requestedAt: at,
    immediateDanger: z.boolean(),
    status: z.string(),
    temporaryAccommodation: z.object({ placedAt: at, by: z.string(), placementReference: z.string() }).optional(),
    appraisal: z.object({ ...byWhomAndWhen, optionsConsidered: z.array(rehousingOptionSchema), chosen: rehousingOptionSchema }).optional(),
    offers: z.array(
      z.object({
        offerReference: z.string(),
        kind: rehousingOptionSchema,
        recordedAt: at,
        decision: z.enum(['accepted', 'refused']).optional(),
        reason: z.string().optional(),
        decidedAt: at.optional(),
      }),
    ),
    localAuthorityDecisions: z.array(z.object({ decisionReference: z.string(), decision: z.string(), recordedAt: at })),
    moveDate: z.string().optional(),
    moved: z.object(byWhomAndWhen).optional(),
  })
  .meta({ id: 'RehousingState', description: 'a rehousing workflow’s state' });

// Each workflow type must be a valid value of its schema and have no top-level field the schema
// lacks (a valid value may have extra fields), so the documentation covers what is returned.
type UndocumentedFields<Schema extends z.ZodType, Returned> = Exclude<keyof Returned, keyof z.output<Schema>>;
type Covers<
  Schema extends z.ZodType,
  Returned extends z.output<Schema> & ([UndocumentedFields<Schema, Returned>] extends [never] ? unknown : { undocumented: UndocumentedFields<Schema, Returned> }),
> = Returned;
export type DocumentedResults = [
  Covers<typeof caseViewSchema, CaseView>,
  Covers<typeof riskAssessmentRecordSchema, RiskAssessmentRecord>,
  Covers<typeof sharingRequestStateSchema, SharingRequestState>,
  Covers<typeof childStatusSchema, ChildStatus>,
  Covers<typeof deadlineSchema, Deadline>,
  Covers<typeof partnerDeliverySchema, PartnerDelivery>,
  Covers<typeof maracReferralStateSchema, MaracReferralState>,
  Covers<typeof repairsStateSchema, RepairsState>,
  Covers<typeof rehousingStateSchema, RehousingState>,
];
