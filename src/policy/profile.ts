import { z } from 'zod';
import { approverRoleSchema, lawfulBasisSchema } from '../sharing/consent';
import { riskThresholdFields } from './risk-thresholds';
import { businessHoursSchema, regionSchema, timescaleSchema, type Timescale } from '../deadlines/timescale';

/**
 * An organisation's policy profile: its timescales, escalation ladder, risk thresholds and sharing
 * rules, with a provenance label on every value saying whether its policy states it or the
 * platform default filled a silence. Profiles are documents (policies/profiles/*.yaml); the loader
 * (load.ts) also checks that each quote occurs in its document and each default is the platform's.
 */

type TimescaleIn<Unit extends Timescale['unit']> = Extract<Timescale, { unit: Unit }>;
export const workingDays = (amount: number): TimescaleIn<'working_days'> => ({ unit: 'working_days', amount });
export const calendarHours = (amount: number): TimescaleIn<'calendar_hours'> => ({ unit: 'calendar_hours', amount });
export const calendarDays = (amount: number): TimescaleIn<'calendar_days'> => ({ unit: 'calendar_days', amount });

/** Rungs are routing keys for alerts; what each organisation calls the role lives in roleTitle. */
export const escalationRungSchema = z.enum([
  'line_manager',
  'da_lead',
  'head_of_service',
  'repairs_manager',
  'safeguarding_lead',
  // Whoever the organisation has on call outside business hours; alerted first for urgent work.
  'on_call',
]);
export const ESCALATION_RUNGS = escalationRungSchema.options;
export type EscalationRung = z.infer<typeof escalationRungSchema>;

/** The multi-agency routes for a perpetrator: both a referral route and a perpetrator action. */
export const PERPETRATOR_REFERRAL_ROUTES = ['matac', 'mappa', 'dapp'] as const;

export const REFERRAL_ROUTES = [
  'marac',
  ...PERPETRATOR_REFERRAL_ROUTES,
  'marm',
  'safer_scheme',
  'sanctuary',
  'idva',
  'local_authority_safeguarding',
  'local_authority_housing',
] as const;
export const referralRouteSchema = z.enum(REFERRAL_ROUTES);
export type ReferralRoute = z.infer<typeof referralRouteSchema>;

// Emergency repairs and reminders are clock-time promises, so working days would be wrong.
const calendarHoursTimescale = timescaleSchema.refine((t) => t.unit === 'calendar_hours', {
  message: 'must be in calendar_hours',
});
// A period counted on the calendar, whatever the working days in it.
const calendarDaysTimescale = timescaleSchema.refine((t) => t.unit === 'calendar_days', {
  message: 'must be in calendar_days',
});

export const escalationStepSchema = z.strictObject({
  rung: escalationRungSchema,
  roleTitle: z.string().trim().min(1, 'roleTitle must name the role as the organisation does'),
  /** Offset from the missed deadline at which this rung is alerted. */
  afterDeadline: timescaleSchema,
});
export type EscalationStep = z.infer<typeof escalationStepSchema>;

/** Urgent work cannot wait for a working day: its ladder counts clock hours from the deadline. */
const urgentEscalationStepSchema = escalationStepSchema.extend({ afterDeadline: calendarHoursTimescale });

const urgentPolicySchema = z.strictObject({
  /** Used instead of escalationLadder for a deadline marked urgent (e.g. immediate danger). */
  escalationLadder: z.array(urgentEscalationStepSchema).min(1, 'the urgent ladder needs at least one rung'),
  /** Who is alerted first when an urgent deadline falls outside business hours. */
  onCall: z.strictObject({
    roleTitle: z.string().trim().min(1, 'roleTitle must name the role as the organisation does'),
  }),
});
export type UrgentPolicy = z.infer<typeof urgentPolicySchema>;

/** A safety-plan option's id: a routing key, lower-case words joined by underscores (`safe_word`). */
export const safetyPlanOptionIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'an option id is lower-case words joined by underscores')
  .max(60);

const safetyPlanPolicySchema = z.strictObject({
  /**
   * The measures the organisation's policy names, by id, each with its label for people. Each is
   * quoted from the policy (provenance `safetyPlan.measures.<id>`); anything else is free text.
   */
  measures: z.record(safetyPlanOptionIdSchema, z.string().trim().min(1, 'a measure needs a label').max(200)),
  /** How long after it is agreed (or last reviewed) a measure is reviewed, unless a date is set for it. */
  reviewAfter: timescaleSchema,
});
export type SafetyPlanPolicy = z.infer<typeof safetyPlanPolicySchema>;

/** A safeguarding referral to the local authority (a child or an adult at risk in the household, or raised by staff). */
const safeguardingPolicySchema = z.strictObject({
  /** Counted from when the referral is called for: by then it is made to the local authority. */
  referralWithin: timescaleSchema,
  /** How long after it is made (or last reviewed) an open referral is reviewed, until the local authority's outcome. */
  reviewEvery: timescaleSchema,
  /** What the organisation calls its safeguarding role, alerted first when a referral is not made in time. */
  roleTitle: z.string().trim().min(1, 'roleTitle must name the role as the organisation does'),
});
export type SafeguardingPolicy = z.infer<typeof safeguardingPolicySchema>;

/** What a provider may do about a perpetrator (issue 15): tenancy steps, multi-agency referrals, behaviour-change support. */
export const PERPETRATOR_ACTION_KINDS = [
  'tenancy_breach_warning',
  'enforcement',
  'relocation',
  'sole_tenancy',
  ...PERPETRATOR_REFERRAL_ROUTES,
  'behaviour_change_support',
] as const;
export const perpetratorActionKindSchema = z.enum(PERPETRATOR_ACTION_KINDS);
export type PerpetratorActionKind = z.infer<typeof perpetratorActionKindSchema>;

/** The reporting packs a provider produces (issue 15): by period, each the previous complete one, Europe/London. */
export const REPORTING_PACK_KINDS = ['monthly', 'quarterly', 'annual'] as const;
export const reportingPackKindSchema = z.enum(REPORTING_PACK_KINDS);
export type ReportingPackKind = z.infer<typeof reportingPackKindSchema>;

export const provenanceEntrySchema = z.discriminatedUnion('source', [
  z.strictObject({
    source: z.literal('policy'),
    /** File name, in the documents/ folder beside the profile, of the text that contains the reference. */
    document: z.string().min(1),
    /** A short phrase quoted exactly from that document. */
    reference: z.string().trim().min(1),
  }),
  z.strictObject({ source: z.literal('platform_default') }),
]);
export type ProvenanceEntry = z.infer<typeof provenanceEntrySchema>;

const policyProfileShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id must be lower-case words joined by hyphens'),
  /** Bump whenever a value changes; running cases record the version they started under. */
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version must look like 1.2.3'),
  organisationName: z.string().trim().min(1),
  /** The source texts (in the documents/ folder beside the profile) that references quote from. */
  policyDocuments: z.array(z.string().min(1)).min(1, 'name at least one policy document'),
  region: regionSchema,
  businessHours: businessHoursSchema,
  timescales: z.strictObject({
    initialContact: timescaleSchema,
    dashAssessment: timescaleSchema,
    /** Counted from the DASH. */
    safetyPlan: timescaleSchema,
    emergencyRepairs: calendarHoursTimescale,
    /** Counted from the high-risk assessment. */
    maracReferralSubmission: timescaleSchema,
    /** Counted from raising the works order: by then the survivor hears of any delay. */
    informSurvivorOfRepairDelay: timescaleSchema,
    /** How long a sharing request may wait for the survivor's decision before escalation. */
    consentDecision: timescaleSchema,
    managerReview: timescaleSchema,
    riskReassessment: timescaleSchema,
  }),
  reminderBeforeDue: calendarHoursTimescale,
  escalationLadder: z.array(escalationStepSchema).min(1, 'the escalation ladder needs at least one rung'),
  urgent: urgentPolicySchema,
  safetyPlan: safetyPlanPolicySchema,
  /** Optional so that profiles recorded in running cases before it existed still parse (safeguardingPolicyOf fills it). */
  safeguarding: safeguardingPolicySchema.optional(),
  repairs: z.strictObject({
    /** Whether a contractor's "not practicable" moves the emergency-repairs deadline; if not, it stands and can breach. */
    contractorMayMoveDeadline: z.boolean(),
    /** Who hears of a missed repairs deadline, in order. */
    escalationLadder: z.array(escalationStepSchema).min(1, 'the repairs ladder needs at least one rung'),
  }),
  risk: z.strictObject({
    ...riskThresholdFields,
    callOutWindowMonths: z.number().int().min(1).max(60),
    /** Whether a partner agency's completed DASH stands in for ours. */
    partnerDashAccepted: z.boolean(),
  }),
  /** The perpetrator actions the organisation's policy names, each with a short note on how (provenance `perpetratorActions.<kind>`). */
  perpetratorActions: z.partialRecord(
    perpetratorActionKindSchema,
    z.string().trim().min(1, 'a perpetrator action needs a note').max(300),
  ),
  /** The MARACs the organisation attends, by area id, each with who represents it there (Connect 003 §4.4); empty: the area in words. */
  maracAreas: z.record(
    z.string().regex(/^[a-z0-9]+(_[a-z0-9]+)*$/, 'a MARAC area id is lower-case words joined by underscores'),
    z.strictObject({
      name: z.string().trim().min(1, 'name the MARAC').max(100),
      representative: z.string().trim().min(1, 'say who represents the organisation there').max(300),
    }),
  ),
  /** Routes the organisation uses, each with a short note on how. */
  referralRoutes: z.partialRecord(referralRouteSchema, z.string().trim().min(1, 'a referral route needs a note')),
  lawfulBasesForSharingWithoutConsent: z.array(lawfulBasisSchema),
  closure: z.strictObject({
    requiresSurvivorAgreement: z.boolean(),
    highRiskClosureApprover: escalationRungSchema,
    uncontactableAttempts: z.number().int().min(1),
  }),
  feedback: z.strictObject({ requestAfter: timescaleSchema }),
  /**
   * How long a closed case's records are kept: past it the case is erased (src/privacy/retention.ts).
   * Optional so that profiles recorded in running cases before it existed still parse (retentionPolicyOf fills it).
   */
  retention: z.strictObject({ yearsAfterClosure: z.number().int().min(1).max(100) }).optional(),
  /** A closed case is reopened (same case, new run) within this period of its closure; after it, a new linked case is opened. */
  reopening: z.strictObject({ within: calendarDaysTimescale }),
  /** Serious-incident reports, for the policies that name them: how, due when, approved by whom (absent: none). */
  seriousIncidentReports: z
    .strictObject({
      note: z.string().trim().min(1, 'say how serious incidents are reported').max(300),
      reportWithin: timescaleSchema,
      approverRole: approverRoleSchema,
    })
    .optional(),
  /**
   * The reporting packs produced on schedule (src/reporting/), and the small-count threshold: a count
   * from 1 to smallCountThreshold - 1 is shown as "<smallCountThreshold", so no survivor can be picked out.
   */
  reportingPacks: z.strictObject({
    periods: z.array(reportingPackKindSchema).max(REPORTING_PACK_KINDS.length),
    smallCountThreshold: z.number().int().min(2).max(100),
  }),
  /** Keyed by dotted path (e.g. "timescales.initialContact", "escalationLadder.0.roleTitle"). */
  provenance: z.record(z.string(), provenanceEntrySchema),
});

/** These describe the profile rather than the organisation's rules, so they carry no provenance. */
type IdentityKey = 'id' | 'version' | 'organisationName' | 'policyDocuments';

type ProfileShape = z.infer<typeof policyProfileShape>;
export type PolicyValues = Omit<ProfileShape, IdentityKey | 'provenance'>;

const isTimescale = (value: object): boolean => 'unit' in value && 'amount' in value;

/** Dotted paths of every value that needs a provenance label: primitives, and each timescale as one value. */
function policyValuePaths(values: PolicyValues): string[] {
  const paths: string[] = [];
  const visit = (node: unknown, path: string): void => {
    if (node !== null && typeof node === 'object' && !isTimescale(node)) {
      for (const [key, child] of Object.entries(node)) visit(child, path ? `${path}.${key}` : key);
    } else {
      paths.push(path);
    }
  };
  visit(values, '');
  return paths;
}

export const policyProfileSchema = policyProfileShape.superRefine((profile, ctx) => {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  const ladders = [
    { path: ['escalationLadder'], steps: profile.escalationLadder },
    { path: ['urgent', 'escalationLadder'], steps: profile.urgent.escalationLadder },
    { path: ['repairs', 'escalationLadder'], steps: profile.repairs.escalationLadder },
  ];
  for (const { path, steps } of ladders) {
    const ladderRungs = steps.map((step) => step.rung);
    ladderRungs.forEach((rung, index) => {
      if (ladderRungs.indexOf(rung) !== index)
        issue([...path, index, 'rung'], `rung "${rung}" appears twice in the ladder`);
      // The on-call rung is added for out-of-hours urgent deadlines only, before the others.
      if (rung === 'on_call')
        issue([...path, index, 'rung'], 'on_call is not a ladder rung: set urgent.onCall instead');
    });
  }
  const rungs = profile.escalationLadder.map((step) => step.rung);
  // Approval requests are routed by rung, so the approver must be someone the ladder names.
  const approver = profile.closure.highRiskClosureApprover;
  if (!rungs.includes(approver)) {
    issue(['closure', 'highRiskClosureApprover'], `"${approver}" is not a rung of the escalation ladder`);
  }

  if (profile.risk.dashMediumThreshold >= profile.risk.dashHighThreshold) {
    issue(['risk', 'dashMediumThreshold'], 'the medium-risk threshold must be below the high-risk threshold');
  }

  const bases = profile.lawfulBasesForSharingWithoutConsent;
  bases.forEach((basis, index) => {
    if (bases.indexOf(basis) !== index)
      issue(['lawfulBasesForSharingWithoutConsent', index], `"${basis}" is listed twice`);
  });

  const packs = profile.reportingPacks.periods;
  packs.forEach((kind, index) => {
    if (packs.indexOf(kind) !== index) issue(['reportingPacks', 'periods', index], `"${kind}" is listed twice`);
  });

  const { id: _id, version: _version, organisationName: _name, policyDocuments, provenance, ...values } = profile;
  const valuePaths = policyValuePaths(values);
  for (const path of valuePaths) {
    if (!Object.hasOwn(provenance, path))
      issue(['provenance'], `no provenance for "${path}": label it as policy or platform default`);
  }
  for (const [path, entry] of Object.entries(provenance)) {
    if (!valuePaths.includes(path))
      issue(['provenance', path], `provenance for "${path}", which is not a value of the profile`);
    if (entry.source === 'policy' && !policyDocuments.includes(entry.document)) {
      issue(['provenance', path, 'document'], `"${entry.document}" is not one of this profile's policyDocuments`);
    }
  }
});
export type PolicyProfile = z.infer<typeof policyProfileSchema>;

/** One thing wrong with a profile, at a JSONPath into its file, e.g. `$.timescales.initialContact.amount`. */
export interface ProfileProblem {
  path: string;
  message: string;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A zod issue path as JSONPath: `$.escalationLadder[0].rung`, `$.provenance["timescales.safetyPlan"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((at, key) => {
    if (typeof key === 'number') return `${at}[${key}]`;
    const name = String(key);
    return PLAIN_KEY.test(name) ? `${at}.${name}` : `${at}[${JSON.stringify(name)}]`;
  }, '$');
}

export class InvalidPolicyProfileError extends Error {
  constructor(
    readonly problems: ProfileProblem[],
    profileId?: string,
  ) {
    super(
      `invalid policy profile${profileId ? ` "${profileId}"` : ''}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
    this.name = 'InvalidPolicyProfileError';
  }
}

/** Checks a profile against the schema alone: its shape and its own consistency. */
export function schemaProblems(input: unknown): { profile: PolicyProfile } | { problems: ProfileProblem[] } {
  const result = policyProfileSchema.safeParse(input);
  if (result.success) return { profile: result.data };
  return { problems: result.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: issue.message })) };
}

/** Validates a profile from any source; throws with one "$.path: problem" per issue. */
export function parsePolicyProfile(input: unknown): PolicyProfile {
  const checked = schemaProblems(input);
  if ('profile' in checked) return checked.profile;
  const id =
    typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string' ? input.id : undefined;
  throw new InvalidPolicyProfileError(checked.problems, id);
}
