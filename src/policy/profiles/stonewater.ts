import { labelledDefaults, platformDefaults as defaults, repairsPolicy, urgentPolicy } from '../defaults';
import {
  buildPolicyProfile,
  calendarHours,
  fromPolicyDocument,
  platformDefault,
  workingDays,
  type EscalationStep,
  type Labelled,
} from '../profile';

/** Stonewater: customer DA policy (002). */
const POLICY = '002_416270b1980a41b9.txt';
const fromPolicy = fromPolicyDocument(POLICY);

const escalationLadder: Labelled<EscalationStep>[] = [
  {
    rung: fromPolicy('line_manager', 'The lead worker will be responsible, along with their manager'),
    roleTitle: fromPolicy('manager', 'The lead worker will be responsible, along with their manager'),
    afterDeadline: platformDefault(defaults.escalationLadder.line_manager.afterDeadline),
  },
  {
    // The Head of DA Support is Stonewater's DA lead; the policy names no one above.
    rung: fromPolicy('da_lead', 'The Head of Domestic Abuse Support oversees our overall response to domestic abuse'),
    roleTitle: fromPolicy(
      'Head of Domestic Abuse Support',
      'The Head of Domestic Abuse Support oversees our overall response to domestic abuse',
    ),
    afterDeadline: platformDefault(defaults.escalationLadder.da_lead.afterDeadline),
  },
];

export const stonewaterProfile = buildPolicyProfile({
  id: 'stonewater',
  version: '1.1.0',
  organisationName: 'Stonewater',
  policyDocuments: [POLICY],
  // The policy names no place, so the region is the platform default.
  region: platformDefault(defaults.region),
  businessHours: labelledDefaults.businessHours,
  timescales: {
    ...labelledDefaults.timescales,
    initialContact: fromPolicy(workingDays(1), 'respond within one working day'),
    emergencyRepairs: fromPolicy(calendarHours(24), 'emergency works (within 24 hours)'),
    // The policy requires telling the customer the new timeframe but gives no deadline for it.
    // managerReview stays the default: case management reviews are required, at no stated interval.
  },
  reminderBeforeDue: labelledDefaults.reminderBeforeDue,
  escalationLadder,
  urgent: urgentPolicy(escalationLadder),
  risk: labelledDefaults.risk,
  repairs: repairsPolicy(
    fromPolicy(true, 'Where this is not practicable, they will be carried out as soon as possible afterwards'),
    fromPolicy(
      'Head of Domestic Abuse Support',
      'The Head of Domestic Abuse Support oversees our overall response to domestic abuse',
    ),
  ),
  referralRoutes: {
    marac: fromPolicy(
      'High-risk cases; lead worker and manager monitor progress',
      'Referring high risk cases to MARAC',
    ),
    idva: fromPolicy('Know and use local IDVA services', 'IDVA (Independent Domestic Violence Advocacy) services'),
    local_authority_safeguarding: fromPolicy(
      'Safeguarding referrals as needed',
      'make safeguarding referrals as needed',
    ),
    local_authority_housing: fromPolicy(
      'Housing options with the local authority when immediate safety is at risk',
      'work in partnership with the relevant local authority and partners to consider your housing options',
    ),
  },
  lawfulBasesForSharingWithoutConsent: [
    fromPolicy('safeguarding_adult_at_risk', 'Raising safeguarding concerns about adults with care and support needs'),
    fromPolicy('safeguarding_child', 'or child protection concerns'),
    fromPolicy('high_risk_marac', 'Referring high risk cases to MARAC'),
    fromPolicy('legal_duty', 'Where Stonewater is required by law'),
  ],
  closure: {
    ...labelledDefaults.closure,
    requiresSurvivorAgreement: fromPolicy(true, "under review until the survivor is satisfied it's been resolved"),
  },
  // The policy asks for feedback "when it is appropriate" but sets no time.
  feedback: { requestAfter: platformDefault(defaults.feedback.requestAfter) },
});
