import { DEFAULT_RISK_THRESHOLDS } from './risk-thresholds';
import type { BusinessHours, Region, Timescale } from '../deadlines/timescale';
import { calendarDays, calendarHours, workingDays, type EscalationRung, type PolicyValues } from './profile';
import { DEFAULT_ON_CALL_ROLE_TITLE } from './urgent';
import { DEFAULT_SAFETY_PLAN_REVIEW_AFTER } from './safety-plan';
import { DEFAULT_REOPENING_POLICY } from './reopening';
import { DEFAULT_RETENTION_POLICY } from './retention';
import { DEFAULT_SAFEGUARDING_POLICY } from './safeguarding';
import { DEFAULT_REPORTING_PACKS } from './reporting-packs';

/**
 * Platform defaults (DESIGN.md §3–4), used where an organisation's policy is silent. Where DESIGN
 * names no number (safety plan, MARAC submission, repair-delay notice, consent wait, closure
 * attempts, feedback), the value here is a platform choice, to be confirmed with the product owner.
 */

interface DefaultRung {
  roleTitle: string;
  afterDeadline: Timescale;
}

interface PlatformDefaults {
  region: Region;
  businessHours: BusinessHours;
  timescales: PolicyValues['timescales'];
  reminderBeforeDue: PolicyValues['reminderBeforeDue'];
  /** DESIGN §4, in ladder order: line manager at the deadline, then DA lead, then head of service. */
  escalationLadder: Record<Extract<EscalationRung, 'line_manager' | 'da_lead' | 'head_of_service'>, DefaultRung>;
  /** Who is on call out of hours, where the policy names nobody. */
  onCallRoleTitle: string;
  risk: PolicyValues['risk'];
  closure: PolicyValues['closure'];
  feedback: PolicyValues['feedback'];
  reopening: PolicyValues['reopening'];
  retention: NonNullable<PolicyValues['retention']>;
  /** The deadline and approver only: whether and how a policy reports serious incidents is its own. */
  seriousIncidentReports: Omit<NonNullable<PolicyValues['seriousIncidentReports']>, 'note'>;
  reportingPacks: PolicyValues['reportingPacks'];
  repairs: PolicyValues['repairs'];
  /** Only the review interval: the measures are the policy's own, never a default. */
  safetyPlan: Pick<PolicyValues['safetyPlan'], 'reviewAfter'>;
  safeguarding: NonNullable<PolicyValues['safeguarding']>;
}

export const platformDefaults: PlatformDefaults = {
  // All four source organisations are in England; the region is still set per profile.
  region: 'england-and-wales',
  businessHours: { timeZone: 'Europe/London', opens: '09:00', closes: '17:00' },
  timescales: {
    initialContact: workingDays(1),
    dashAssessment: workingDays(2),
    safetyPlan: workingDays(5),
    emergencyRepairs: calendarHours(24),
    maracReferralSubmission: workingDays(1),
    // By the end of the 24-hour emergency window the survivor knows if the work will be late.
    informSurvivorOfRepairDelay: calendarHours(24),
    consentDecision: workingDays(2),
    managerReview: calendarDays(28),
    riskReassessment: calendarDays(56),
  },
  reminderBeforeDue: calendarHours(4),
  escalationLadder: {
    line_manager: { roleTitle: 'Line manager', afterDeadline: calendarHours(0) },
    da_lead: { roleTitle: 'DA lead', afterDeadline: workingDays(1) },
    head_of_service: { roleTitle: 'Head of service', afterDeadline: workingDays(2) },
  },
  onCallRoleTitle: DEFAULT_ON_CALL_ROLE_TITLE,
  risk: {
    ...DEFAULT_RISK_THRESHOLDS,
    callOutWindowMonths: 12,
    partnerDashAccepted: true,
  },
  closure: { requiresSurvivorAgreement: true, highRiskClosureApprover: 'da_lead', uncontactableAttempts: 3 },
  feedback: { requestAfter: calendarDays(28) },
  safetyPlan: { reviewAfter: DEFAULT_SAFETY_PLAN_REVIEW_AFTER },
  reopening: DEFAULT_REOPENING_POLICY,
  retention: DEFAULT_RETENTION_POLICY,
  // SSJ 001 sends staff unsure of a serious incident to the DA Lead: the report is theirs to approve, by the next working day.
  seriousIncidentReports: { reportWithin: workingDays(1), approverRole: 'da_lead' },
  safeguarding: DEFAULT_SAFEGUARDING_POLICY,
  reportingPacks: DEFAULT_REPORTING_PACKS,
  // Only a policy that says the 24 hours give way when not practicable lets a contractor move them.
  repairs: {
    contractorMayMoveDeadline: false,
    escalationLadder: [
      { rung: 'repairs_manager', roleTitle: 'Repairs manager', afterDeadline: calendarHours(0) },
      { rung: 'da_lead', roleTitle: 'DA lead', afterDeadline: calendarHours(0) },
    ],
  },
};
