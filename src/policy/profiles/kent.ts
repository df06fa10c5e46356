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

/** A Kent housing provider: DA policy (004). The policy does not name the provider. */
const POLICY = '004_94644ceb8e3f3636.txt';
const fromPolicy = fromPolicyDocument(POLICY);

const escalationLadder: Labelled<EscalationStep>[] = [
  {
    // The Community Safety Manager is both the DA lead and the team's supervisor, so is alerted
    // at the deadline (the platform's first-rung offset).
    rung: fromPolicy('da_lead', 'this is the Community Safety Manager'),
    roleTitle: fromPolicy('Community Safety Manager', 'this is the Community Safety Manager'),
    afterDeadline: platformDefault(defaults.escalationLadder.line_manager.afterDeadline),
  },
  {
    // The policy names no one above the Community Safety Manager.
    rung: platformDefault('head_of_service'),
    roleTitle: platformDefault(defaults.escalationLadder.head_of_service.roleTitle),
    afterDeadline: platformDefault(defaults.escalationLadder.head_of_service.afterDeadline),
  },
];

export const kentProfile = buildPolicyProfile({
  id: 'kent-housing',
  version: '1.1.0',
  organisationName: 'Kent housing provider',
  policyDocuments: [POLICY],
  region: fromPolicy('england-and-wales', "Kent County Council's SAFER Scheme"),
  businessHours: labelledDefaults.businessHours,
  timescales: {
    ...labelledDefaults.timescales,
    initialContact: fromPolicy(workingDays(1), 'within one working day of the abuse being reported'),
    dashAssessment: fromPolicy(workingDays(2), 'within two working days of the report'),
    emergencyRepairs: fromPolicy(calendarHours(24), 'we will carry out emergency repairs within 24 hours'),
    // managerReview stays the default: the manager "will regularly review case work", at no stated interval.
  },
  reminderBeforeDue: labelledDefaults.reminderBeforeDue,
  escalationLadder,
  urgent: urgentPolicy(escalationLadder),
  risk: {
    ...labelledDefaults.risk,
    partnerDashAccepted: fromPolicy(true, 'unless another agency has already completed this'),
  },
  // §5.4 states the 24 hours without exception, so a contractor's delay does not move them.
  repairs: repairsPolicy(
    fromPolicy(false, 'we will carry out emergency repairs within 24 hours, including locks'),
    fromPolicy('Community Safety Manager', 'this is the Community Safety Manager'),
  ),
  referralRoutes: {
    marac: fromPolicy(
      'The DASH outcome decides referral; the survivor is told',
      'whether the case is referred to the Multi-Agency Risk Assessment Conference (MARAC)',
    ),
    mappa: fromPolicy(
      'Perpetrators, to assess and mitigate risk of harm',
      'Multi-Agency Public Protection Arrangements (MAPPA)',
    ),
    dapp: fromPolicy('Perpetrators who seek to change their behaviour', 'Domestic Abuse Perpetrator Programme (DAPP)'),
    safer_scheme: fromPolicy(
      "Additional home security by Kent County Council's SAFER Scheme",
      'referrals to SAFER Scheme to install additional security at the property',
    ),
    local_authority_safeguarding: fromPolicy(
      'Safeguarding referrals for adults and children',
      'completing safeguarding referrals in line with our safeguarding policies',
    ),
    local_authority_housing: fromPolicy(
      "Immediate housing needs with the local authority's housing options teams",
      "local authority's housing options teams",
    ),
  },
  lawfulBasesForSharingWithoutConsent: [
    fromPolicy('safeguarding_child', 'when a child or adult is at potential risk of harm'),
    fromPolicy('safeguarding_adult_at_risk', 'when a child or adult is at potential risk of harm'),
    // Referral follows the risk outcome; the survivor is told rather than asked (6.2, contrast 6.3).
    fromPolicy('high_risk_marac', 'We will advise victims/survivors if we are completing a referral'),
  ],
  closure: labelledDefaults.closure,
  feedback: { requestAfter: platformDefault(defaults.feedback.requestAfter) },
});
