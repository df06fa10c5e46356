import { labelledDefaults, platformDefaults as defaults, repairsPolicy, urgentPolicy } from '../defaults';
import {
  buildPolicyProfile,
  fromPolicyDocument,
  platformDefault,
  type EscalationStep,
  type Labelled,
} from '../profile';

/** SSJ: the resident DA policy (000) and the staff guide to responding to a disclosure (001). */
const POLICY = '000_e2beb730d2dcfb2e.txt';
const STAFF_GUIDE = '001_5c3e5fb58320538c.txt';
const fromPolicy = fromPolicyDocument(POLICY);
const fromGuide = fromPolicyDocument(STAFF_GUIDE);

const escalationLadder: Labelled<EscalationStep>[] = [
  {
    rung: fromGuide('line_manager', 'Seek guidance at any point from one of the DA Leads or line manager'),
    roleTitle: fromGuide('line manager', 'Seek guidance at any point from one of the DA Leads or line manager'),
    afterDeadline: platformDefault(defaults.escalationLadder.line_manager.afterDeadline),
  },
  {
    rung: fromGuide('da_lead', 'Seek support from a DA Lead if required'),
    roleTitle: fromGuide('DA Lead', 'Seek support from a DA Lead if required'),
    afterDeadline: platformDefault(defaults.escalationLadder.da_lead.afterDeadline),
  },
  {
    // The Organisational Lead is an Operations Director overseeing SSJ's whole DA response.
    rung: fromPolicy('head_of_service', 'The SSJ Domestic Abuse Lead is an Operations Director'),
    roleTitle: fromPolicy(
      'Organisational Lead or Deputy Organisational Lead',
      'Staff should contact the Organisational Lead or Deputy Organisational Lead',
    ),
    afterDeadline: platformDefault(defaults.escalationLadder.head_of_service.afterDeadline),
  },
];

// Neither document states a timescale, so every deadline is the platform default.
export const ssjProfile = buildPolicyProfile({
  id: 'ssj',
  version: '1.1.0',
  organisationName: 'SSJ',
  policyDocuments: [POLICY, STAFF_GUIDE],
  region: fromPolicy('england-and-wales', 'Hampshire Domestic Abuse Service'),
  businessHours: labelledDefaults.businessHours,
  timescales: labelledDefaults.timescales,
  reminderBeforeDue: labelledDefaults.reminderBeforeDue,
  escalationLadder,
  urgent: urgentPolicy(
    escalationLadder,
    fromPolicy('Operational Security Team (OST)', 'out of hours monitoring from the Operational Security Team (OST)'),
  ),
  risk: labelledDefaults.risk,
  // The guide states no exception to the repairs timescale, so the platform default stands.
  repairs: repairsPolicy(
    platformDefault(defaults.repairs.contractorMayMoveDeadline),
    fromGuide('DA Lead', 'Seek support from a DA Lead if required'),
  ),
  referralRoutes: {
    marac: fromGuide(
      'Refer when the survivor is at high risk of harm or death',
      'If the Service User is at high risk of harm or death, refer to MARAC',
    ),
    matac: fromGuide('Refer a perpetrator at high risk', '(or MATAC if a perpetrator)'),
    marm: fromPolicy(
      'Staff may initiate and chair a MARM, depending on risk',
      'Staff may initiate and potentially chair a MARM dependent on risk',
    ),
    idva: fromGuide(
      'Refer to local DA agencies, including IDVA',
      'Refer to any local domestic abuse agencies, including: IDVA',
    ),
    local_authority_safeguarding: fromGuide(
      'Safeguarding report where appropriate',
      'Complete a safeguarding report if appropriate',
    ),
    local_authority_housing: fromPolicy(
      'Housing options with Housing Management or the local authority when safety is under immediate threat',
      'work in partnership with Housing Management or the relevant local authority and partners to consider housing options',
    ),
  },
  lawfulBasesForSharingWithoutConsent: [
    fromPolicy('safeguarding_child', 'unless there is a risk to the safeguarding of children or a vulnerable adult'),
    fromPolicy(
      'safeguarding_adult_at_risk',
      'unless there is a risk to the safeguarding of children or a vulnerable adult',
    ),
    fromPolicy('high_risk_marac', 'dependent on risk it may be considered a duty of care'),
  ],
  closure: labelledDefaults.closure,
  feedback: { requestAfter: platformDefault(defaults.feedback.requestAfter) },
});
