import { labelledDefaults, platformDefaults as defaults, repairsPolicy, urgentPolicy } from '../defaults';
import {
  buildPolicyProfile,
  fromPolicyDocument,
  platformDefault,
  type EscalationStep,
  type Labelled,
} from '../profile';

/** Connect: customer DA policy (003). */
const POLICY = '003_0f17ffc034eb51bd.txt';
const fromPolicy = fromPolicyDocument(POLICY);

const escalationLadder: Labelled<EscalationStep>[] = [
  {
    // The policy names no line manager; the platform's first rung applies.
    rung: platformDefault('line_manager'),
    roleTitle: platformDefault(defaults.escalationLadder.line_manager.roleTitle),
    afterDeadline: platformDefault(defaults.escalationLadder.line_manager.afterDeadline),
  },
  {
    rung: fromPolicy('da_lead', "Connect's specialist domestic abuse staff will provide support and guidance to staff"),
    roleTitle: fromPolicy(
      'specialist domestic abuse staff',
      "Connect's specialist domestic abuse staff will provide support and guidance to staff",
    ),
    afterDeadline: platformDefault(defaults.escalationLadder.da_lead.afterDeadline),
  },
  {
    rung: fromPolicy(
      'head_of_service',
      'Overall responsibility and accountability for this Policy lies with Director of Neighbourly Places',
    ),
    roleTitle: fromPolicy(
      'Director of Neighbourly Places',
      'Overall responsibility and accountability for this Policy lies with Director of Neighbourly Places',
    ),
    afterDeadline: platformDefault(defaults.escalationLadder.head_of_service.afterDeadline),
  },
];

// The policy states no timescales, so every deadline is the platform default.
export const connectProfile = buildPolicyProfile({
  id: 'connect',
  version: '1.1.0',
  organisationName: 'Connect',
  policyDocuments: [POLICY],
  region: fromPolicy('england-and-wales', 'represent Connect at MARAC in Kirklees'),
  businessHours: labelledDefaults.businessHours,
  timescales: labelledDefaults.timescales,
  reminderBeforeDue: labelledDefaults.reminderBeforeDue,
  escalationLadder,
  urgent: urgentPolicy(escalationLadder),
  risk: {
    ...labelledDefaults.risk,
    partnerDashAccepted: fromPolicy(true, 'Unless we are informed that another organisation has carried this out'),
  },
  // The policy states no exception to the repairs timescale, so the platform default stands.
  repairs: repairsPolicy(
    platformDefault(defaults.repairs.contractorMayMoveDeadline),
    fromPolicy(
      'specialist domestic abuse staff',
      "Connect's specialist domestic abuse staff will provide support and guidance to staff",
    ),
  ),
  referralRoutes: {
    marac: fromPolicy(
      'Specialist DA staff attend MARAC in Kirklees; Community Housing Officers and Engage Leeds staff in Leeds',
      'Engage Leeds staff will represent Connect at MARAC in Leeds',
    ),
    local_authority_safeguarding: fromPolicy(
      'Child protection and adult safeguarding procedures; a legal duty to share',
      'relevant agencies, such as Social Services',
    ),
  },
  lawfulBasesForSharingWithoutConsent: [
    fromPolicy(
      'high_risk_marac',
      'For cases which meet the threshold of a Multi-Agency Risk Assessment Conference (MARAC)',
    ),
    fromPolicy('safeguarding_child', 'if we have safeguarding concerns, we have a legal duty to share information'),
    fromPolicy(
      'safeguarding_adult_at_risk',
      'if we have safeguarding concerns, we have a legal duty to share information',
    ),
  ],
  closure: labelledDefaults.closure,
  feedback: { requestAfter: platformDefault(defaults.feedback.requestAfter) },
});
