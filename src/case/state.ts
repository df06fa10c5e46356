import type { ConsentRecord, LawfulBasis, LawfulBasisApproval, SharingRequest } from '../sharing/consent';
import type { Disclosure } from './disclosure';
import type { OutboundContactRecord, SafeContactProfile } from '../contact/safe-contact';
import { currentCaseOfficer } from './rules/assignment';
import { caseReportFactsOf } from '../reporting/facts';
import type {
  MeasureOwner,
  NOTIFICATION_METHODS,
  NotificationRecipient,
  OpenChildDisposition,
  PERPETRATOR_ACTION_OUTCOMES,
  SAFETY_PLAN_OUTCOMES,
  SERIOUS_INCIDENT_CATEGORIES,
} from './commands';
import type { PerpetratorActionKind } from '../policy/profile';
import type { CaseAlertSummary } from '../alerts/alert';
import type { PolicyProfile } from '../policy';
import type { RiskLevel, RiskReason } from './risk';
import type { StaffRole } from '../staff/staff';
import type { ChildStatus } from '../children/kit';
import type { Deadline } from '../deadlines/deadline';
import type { DeadlineTaskOf } from '../deadlines/tasks';
import type { CaseProjection, CaseStatus, RiskLevelState } from './projection';

export type SafetyPlanOutcome = (typeof SAFETY_PLAN_OUTCOMES)[number];

export const caseWorkflowIdPrefix = 'case-';
export const caseWorkflowId = (caseId: string): string => `${caseWorkflowIdPrefix}${caseId}`;

/** The case id of a case workflow id (`case-<caseId>`), or undefined for any other id. */
export function caseIdOfWorkflowId(workflowId: string): string | undefined {
  if (!workflowId.startsWith(caseWorkflowIdPrefix) || workflowId.includes('/')) return undefined;
  const caseId = workflowId.slice(caseWorkflowIdPrefix.length);
  return caseId === '' ? undefined : caseId;
}

export interface CaseWorkflowInput {
  caseId: string;
  /** when the provider received the disclosure: the start of the first timescales */
  openedAt: string;
  disclosure: Disclosure;
  /** the organisation's profile as it stood when the case opened; later edits never change it */
  profile: PolicyProfile;
  /** the state carried over by continue-as-new; absent on the first run */
  carriedState?: CaseState;
  /** set on the first run after a closed case is reopened: its carriedState is the closed case's */
  reopening?: CaseReopeningRequest;
  /** history length at which the workflow continues as new (tests lower it) */
  continueAsNewAfterEvents?: number;
  /** history size in bytes at which the workflow continues as new (tests lower it) */
  continueAsNewAfterHistoryBytes?: number;
}

export type CaseDeadline = Deadline<DeadlineTaskOf<'case'>>;

export interface ContactAttempt extends OutboundContactRecord {
  outcome: 'reached' | 'not_reached' | 'unsafe_to_contact';
}

/** One measure of a safety plan, as the case keeps it. */
export interface SafetyPlanMeasure {
  /** m1, m2, … in the order agreed; a review names the measure by it */
  id: string;
  /** the profile's option (safetyPlan.measures), and its label as the profile had it */
  option?: string;
  label?: string;
  /** free text: what no option covers, or the detail agreed */
  text?: string;
  owner: MeasureOwner;
  /** when it is next reviewed; absent: the profile's review interval from the plan's last agreement or review */
  reviewBy?: string;
  status: 'active' | 'ended';
}

export interface SafetyPlanReview {
  at: string;
  by: string;
  outcomes: { measureId: string; outcome: SafetyPlanOutcome }[];
}

export interface RiskAssessmentRecord {
  at: string;
  by: string;
  kind: 'answers' | 'count' | 'partner_agency';
  level: RiskLevel;
  yesCount: number | null;
  reasons: RiskReason[];
}

export type SharingStatus = 'awaiting_decision' | 'blocked' | 'authorised' | 'released';

export interface SharingRequestState {
  request: SharingRequest;
  status: SharingStatus;
  /** why it is blocked, in words staff can act on */
  blockedReason?: string;
  release?: {
    at: string;
    by: string;
    basis: 'consent' | LawfulBasis;
    consentId?: string;
    approvedBy?: string;
    tellSurvivor: boolean;
  };
  /** the survivor was told of the sharing, by a way their safe-contact profile allows */
  survivorTold?: OutboundContactRecord;
}

export interface CaseState {
  caseId: string;
  openedAt: string;
  disclosure: Disclosure;
  profile: PolicyProfile;
  status: CaseStatus;
  risk: { level: RiskLevelState; assessedAt?: string; reasons: RiskReason[] };
  assessments: RiskAssessmentRecord[];
  contactAttempts: ContactAttempt[];
  /** absent measures' fields and reviews in plans carried from before options (measures were strings then) */
  safetyPlan?: { agreedAt: string; by: string; measures: SafetyPlanMeasure[]; reviews?: SafetyPlanReview[] };
  /** incidents after the disclosure, each a repeat incident; injuries and damage absent on those recorded before they were asked */
  incidents: {
    occurredAt: string;
    recordedAt: string;
    by: string;
    policeCalled: boolean;
    injuries?: boolean;
    propertyDamage?: boolean;
  }[];
  /** the safe-contact profile as last agreed with the survivor (the disclosure's until then), and each change */
  safeContact?: { profile: SafeContactProfile; changes: { at: string; by: string }[] };
  /** immediate danger recorded after the disclosure (the disclosure's own flag is in `disclosure`) */
  immediateDanger?: { at: string; by: string; policeCalled: boolean };
  sharing: { requests: SharingRequestState[]; consents: ConsentRecord[]; approvals: LawfulBasisApproval[] };
  safeguardingReferrals: { subject: 'child' | 'adult_at_risk'; agency: string; at: string; by: string }[];
  /** MATAC, MAPPA or DAPP referrals of the perpetrator; absent in states carried from before they existed */
  perpetratorReferrals?: { route: 'matac' | 'mappa' | 'dapp'; agency: string; at: string; by: string }[];
  reviews: { at: string; by: string; notes?: string }[];
  deadlines: CaseDeadline[];
  alerts: CaseAlertSummary[];
  /** set when the risk (or professional judgement) calls for a MARAC referral */
  marac: { status: 'not_required' | 'referral_required'; requiredSince?: string };
  /** the child workflows (MARAC referral, repairs, rehousing) as each last reported */
  children: ChildStatus[];
  closure?: {
    at: string;
    by: string;
    byRole: StaffRole;
    reason: string;
    survivorAgrees: boolean;
    /** what became of each linked workflow still open at closure (absent on cases closed before it was asked) */
    openChildren?: OpenChildDisposition[];
  };
  /** actions about the perpetrator (tenancy steps, referrals, behaviour-change support); absent until the first */
  perpetratorActions?: PerpetratorAction[];
  /** each time the survivor was asked for feedback after closure, and what they said; absent until then */
  feedback?: FeedbackContact[];
  /** each time the case passed to another officer, in order; absent until the first */
  assignments?: CaseAssignment[];
  feedbackRequestedAt?: string;
  /** who outside the caseworker's own work was told of the case, when, how and under which basis; absent until the first */
  notifications?: CaseNotification[];
  /** serious-incident reports and their approval; absent until the first */
  seriousIncidentReports?: SeriousIncidentReport[];
  /** each time the closed case was reopened, with the closure it undid (oldest first); absent if never */
  reopenings?: CaseReopening[];
  updatedAt: string;
  stateVersion: number;
}

/** The survivor asked for feedback on how their case was handled, by a channel held to their safe-contact profile. */
export interface FeedbackContact extends OutboundContactRecord {
  outcome: 'answered' | 'declined' | 'not_reached';
  answers?: { handledWell: 'yes' | 'partly' | 'no'; feltSafer?: 'yes' | 'partly' | 'no'; comments?: string };
}

/** An action about the perpetrator: who owns it, whether the survivor agreed, where it stands and how it ended. */
export interface PerpetratorAction {
  /** pa1, pa2, … in the order they were recorded */
  id: string;
  kind: PerpetratorActionKind;
  at: string;
  by: string;
  owner: MeasureOwner;
  survivorAgrees: boolean;
  /** a DA lead recorded why the survivor's safety requires a tenancy action they did not agree to */
  safetyOverride?: { by: string; reason: string };
  status: 'open' | (typeof PERPETRATOR_ACTION_OUTCOMES)[number];
  /** the date it is to be done by (its deadline); absent: none was set */
  dueBy?: string;
  outcomes: { at: string; by: string; status: (typeof PERPETRATOR_ACTION_OUTCOMES)[number]; outcome: string }[];
}

/** A notification of the case: to an agency only under a released sharing request, whose basis it carries. */
export interface CaseNotification {
  /** nt1, nt2, … in the order recorded */
  id: string;
  recipient: NotificationRecipient;
  notifiedAt: string;
  method: (typeof NOTIFICATION_METHODS)[number];
  at: string;
  by: string;
  toStaffId?: string;
  /** the agency was referred to for support (below the MARAC threshold only with the survivor's consent) */
  referralForSupport?: boolean;
  /** for an agency: the sharing request and the consent or lawful basis it was released under */
  sharedUnder?: {
    requestId: string;
    agency: string;
    purpose: string;
    basis: 'consent' | LawfulBasis;
    consentId?: string;
    approvedBy?: string;
  };
}

/** A serious-incident report (SSJ 001), due by the profile's deadline and approved by its approver, never its author. */
export interface SeriousIncidentReport {
  /** sir1, sir2, … in the order raised */
  id: string;
  incidentNumber: number;
  category: (typeof SERIOUS_INCIDENT_CATEGORIES)[number];
  summary: string;
  at: string;
  by: string;
  status: 'awaiting_approval' | 'approved';
  approval?: { at: string; by: string; byRole: StaffRole; comments?: string };
}

/** A manager passed the case (and its children's work) to another officer, and why. */
export interface CaseAssignment {
  at: string;
  by: string;
  fromOfficerId: string;
  toOfficerId: string;
  reason: string;
  /** the survivor's request for an officer of a given gender, whether this officer meets it, and if not why not */
  genderPreference?: { requested: 'female' | 'male'; met: boolean; exception?: string };
}

export const REOPENING_KINDS = ['new_incident', 'survivor_returned'] as const;
export type ReopeningKind = (typeof REOPENING_KINDS)[number];

/** A manager's reopening of a closed case, as asked for. */
export interface CaseReopeningRequest {
  at: string;
  by: string;
  byRole: StaffRole;
  kind: ReopeningKind;
  reason: string;
  /** the keyed request that reopened a finished run (src/case/reopen-case.ts), so its retry answers the same */
  requestId?: string;
}

/** A reopening as the case keeps it: the request, and the closure (and feedback request) it undid. */
export interface CaseReopening extends CaseReopeningRequest {
  closure: CaseClosure;
  feedbackRequestedAt?: string;
  /** the survivor's feedback after that closure */
  feedback?: FeedbackContact[];
}

/** The entries each case action records, as the case keeps them. */
export type SafetyPlan = NonNullable<CaseState['safetyPlan']>;
/** What a review of the plan answers: the review, and the plan's measures after it. */
export type SafetyPlanReviewed = { review: SafetyPlanReview; measures: SafetyPlanMeasure[] };
export type Incident = CaseState['incidents'][number];
export type ImmediateDangerRecord = NonNullable<CaseState['immediateDanger']>;
export type SafeContactChange = { at: string; by: string; profile: SafeContactProfile };
export type SafeguardingReferral = CaseState['safeguardingReferrals'][number];
export type PerpetratorReferral = NonNullable<CaseState['perpetratorReferrals']>[number];
export type ManagerReview = CaseState['reviews'][number];
export type CaseClosure = NonNullable<CaseState['closure']>;

/**
 * What a case action answers: the entry it recorded and the case's version and status after it.
 * Never the whole case: Temporal keeps every answer in the history, and a whole case per action
 * made the history grow with the case (the whole case is the getCase Query, GET …/state).
 */
export interface CaseChange<Entry> {
  caseId: string;
  stateVersion: number;
  status: CaseStatus;
  entry: Entry;
}

export interface CaseView extends CaseState {
  workflowId: string;
  breached: boolean;
  /** incidents since the disclosure, each a repeat, and how many in the last 12 months (repeat victimisation) */
  repeatIncidents: { total: number; inLast12Months: number };
  safeguardingReferralRequired: boolean;
}

/** What the projection mirrors of a case's view: the workflow publishes it, and the API reads it so while the projection lags. */
export const caseProjectionOf = (view: CaseView): CaseProjection => ({
  caseId: view.caseId,
  workflowId: view.workflowId,
  organisationId: view.disclosure.organisationId,
  policyProfile: view.profile.id,
  policyVersion: view.profile.version,
  status: view.status,
  riskLevel: view.risk.level,
  caseOfficerId: currentCaseOfficer(view),
  teamId: view.disclosure.teamId,
  // so the officer working with the perpetrator is kept out of the survivor's case
  perpetratorOfficerId: view.disclosure.perpetrator.officerId ?? null,
  breached: view.breached,
  openedAt: view.openedAt,
  updatedAt: view.updatedAt,
  stateVersion: view.stateVersion,
  report: caseReportFactsOf(view),
});
