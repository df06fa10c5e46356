import { DEFAULT_RISK_THRESHOLDS } from './risk-thresholds';
import type { BusinessHours, Region, Timescale } from '../deadlines/timescale';
import {
  calendarDays,
  calendarHours,
  platformDefault,
  workingDays,
  type EscalationRung,
  type EscalationStep,
  type Labelled,
  type PolicyValues,
} from './profile';
import { DEFAULT_ON_CALL_ROLE_TITLE, defaultUrgentHours } from './urgent';

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
  repairs: PolicyValues['repairs'];
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
  // Only a policy that says the 24 hours give way when not practicable lets a contractor move them.
  repairs: {
    contractorMayMoveDeadline: false,
    escalationLadder: [
      { rung: 'repairs_manager', roleTitle: 'Repairs manager', afterDeadline: calendarHours(0) },
      { rung: 'da_lead', roleTitle: 'DA lead', afterDeadline: calendarHours(0) },
    ],
  },
};

const isTimescale = (value: object): boolean => 'unit' in value && 'amount' in value;

/** Labels every value of a defaults subtree as a platform default, leaf by leaf. */
function labelAsDefault<T>(value: T): Labelled<T> {
  if (value === null || typeof value !== 'object' || isTimescale(value))
    return platformDefault(value) as unknown as Labelled<T>;
  if (Array.isArray(value)) return value.map(labelAsDefault) as unknown as Labelled<T>;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, labelAsDefault(child)])) as Labelled<T>;
}

/**
 * The platform defaults, already labelled: a profile spreads a group and overrides only what its
 * policy states, so a value the policy is silent on cannot be mislabelled as the policy's.
 */
export const labelledDefaults = {
  region: labelAsDefault(platformDefaults.region),
  businessHours: labelAsDefault(platformDefaults.businessHours),
  timescales: labelAsDefault(platformDefaults.timescales),
  reminderBeforeDue: labelAsDefault(platformDefaults.reminderBeforeDue),
  escalationLadder: labelAsDefault(platformDefaults.escalationLadder),
  risk: labelAsDefault(platformDefaults.risk),
  closure: labelAsDefault(platformDefaults.closure),
  feedback: labelAsDefault(platformDefaults.feedback),
  repairs: labelAsDefault(platformDefaults.repairs),
};

/**
 * An organisation's repairs policy: whether a contractor may move the 24 hours, and its repairs
 * ladder (the platform's repairs manager, then the organisation's own DA lead, as its ladder names them).
 */
export function repairsPolicy(
  contractorMayMoveDeadline: Labelled<boolean>,
  daLeadTitle: Labelled<string>,
): Labelled<PolicyValues['repairs']> {
  const [repairsManager, daLead] = labelledDefaults.repairs.escalationLadder;
  return { contractorMayMoveDeadline, escalationLadder: [repairsManager!, { ...daLead!, roleTitle: daLeadTitle }] };
}

/**
 * An organisation's urgent ladder: the rungs and role titles of its own ladder (with their labels),
 * each alerted after the platform's clock hours for that rung, and who is on call out of hours.
 */
export function urgentPolicy(
  ladder: Labelled<EscalationStep>[],
  onCallRoleTitle: Labelled<string> = platformDefault(platformDefaults.onCallRoleTitle),
): Labelled<PolicyValues['urgent']> {
  return {
    escalationLadder: ladder.map((step) => ({
      rung: step.rung,
      roleTitle: step.roleTitle,
      afterDeadline: platformDefault(calendarHours(defaultUrgentHours(step.rung.value))),
    })),
    onCall: { roleTitle: onCallRoleTitle },
  };
}
