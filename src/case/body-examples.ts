/**
 * One request body per case action and partner callback (by its Update's name) that its route accepts as it is (test/unit/openapi.test.ts
 * parses each with the route's own body schema), so that the documentation's "Try it out" sends
 * something the API takes rather than "string" in every field. Invented, non-personal values.
 */
export const UPDATE_BODY_EXAMPLES: Readonly<Record<string, Record<string, unknown>>> = {
  recordContactAttempt: { outcome: 'reached', channel: 'phone' },
  updateSafeContact: {
    safeContact: {
      channels: ['text', 'phone'],
      safeTimes: 'weekdays 10:00-12:00',
      lettersSafe: false,
      voicemailSafe: false,
    },
  },
  recordDash: { assessment: { kind: 'count', yesCount: 8, policeCallOutsLast12Months: 0 } },
  // Stonewater's options (the fixtures' organisation); a review date may be given to any measure.
  recordSafetyPlan: {
    measures: [
      { option: 'additional_security' },
      { option: 'legal_advice', owner: { agency: 'Fictional Legal Advice Centre', role: 'Duty adviser' } },
      { text: 'Keep a charged phone in the bathroom' },
    ],
    agreedWithSurvivor: true,
  },
  reviewSafetyPlan: {
    measures: [
      { measureId: 'm1', outcome: 'kept' },
      { measureId: 'm2', outcome: 'ended' },
      { measureId: 'm3', outcome: 'changed', text: 'Keep a charged phone with a neighbour' },
    ],
    agreedWithSurvivor: true,
  },
  recordSafeguardingReferral: { subject: 'child', agency: 'Example Children’s Services' },
  recordPerpetratorAction: {
    kind: 'dapp',
    owner: { agency: 'Example Perpetrator Programme', role: 'referrals team' },
    survivorAgrees: true,
  },
  recordPerpetratorActionOutcome: { status: 'completed', outcome: 'Accepted onto the programme' },
  recordPerpetratorReferral: { route: 'dapp', agency: 'Example Perpetrator Programme' },
  recordIncident: { occurredAt: '2031-03-10T14:30:00Z', policeCalled: true, injuries: false, propertyDamage: true },
  recordNotification: {
    recipient: 'local_authority',
    notifiedAt: '2031-03-11T10:00:00Z',
    method: 'secure_email',
    sharingRequestId: 'share-1',
  },
  raiseSeriousIncidentReport: {
    incidentNumber: 1,
    category: 'threat_to_life',
    summary: 'Threat to life made at the property; police attended.',
  },
  approveSeriousIncidentReport: { comments: 'Approved; sent to the organisational lead.' },
  recordImmediateDanger: { policeCalled: true },
  requestSharing: {
    agency: 'Example Police',
    purpose: 'Safeguarding the survivor',
    dataCategories: ['contact details'],
  },
  recordConsentDecision: {
    scope: { agency: 'Example Police', purpose: 'Safeguarding the survivor', dataCategories: ['contact details'] },
    decision: 'given',
  },
  withdrawConsent: {},
  approveLawfulBasis: {
    basis: 'safeguarding_adult_at_risk',
    rationale: 'Immediate risk to life; consent cannot be sought safely.',
    tellSurvivor: true,
  },
  releaseInformation: {},
  recordSurvivorToldOfSharing: { channel: 'text' },
  recordManagerReview: { notes: 'Risk reviewed; safety plan in place.' },
  closeCase: { reason: 'resolved', survivorAgrees: true },
  recordFeedback: { channel: 'text', outcome: 'answered', answers: { handledWell: 'yes', feltSafer: 'partly' } },
  reassignCase: { toOfficerId: 'officer-example-2', reason: 'The case officer is on long-term leave' },
  reopenCase: { kind: 'new_incident', reason: 'A new incident was reported to the housing officer.' },
  requestMaracReferral: { rationale: 'Professional judgement: escalating pattern of incidents.' },
  requestEmergencyRepairs: { works: ['Change the front door locks'], securityScheme: 'sanctuary' },
  requestRehousing: {},
  requestSafeguardingReferral: {
    subject: 'adult_at_risk',
    concern: 'The survivor’s mother, who lives with her, depends on the perpetrator for care.',
  },
  makeSafeguardingReferral: {
    agency: 'Example Children’s Services',
    agencyReference: 'MASH-0001',
    survivorInformed: true,
  },
  reviewSafeguardingReferral: { summary: 'Chased the local authority; awaiting its decision.' },
  safeguardingReferralAcknowledged: { localAuthorityReference: 'LA-SG-0001' },
  safeguardingReferralOutcome: { localAuthorityReference: 'LA-SG-0001', outcome: 'early_help' },
  submitMaracReferral: { area: 'Example Area MARAC', survivorInformed: true },
  completeMaracAction: {},
  survivorToldOfDelay: { channel: 'phone' },
  survivorConfirmation: { satisfied: true },
  recordTemporaryAccommodation: { placementReference: 'TA-0001' },
  recordOptionsAppraisal: {
    optionsConsidered: ['management_transfer', 'sole_tenancy'],
    chosen: 'management_transfer',
    agreedWithSurvivor: true,
  },
  recordOffer: { offerReference: 'OFFER-0001', kind: 'management_transfer' },
  recordOfferDecision: { decision: 'accepted' },
  recordMoveDate: { moveDate: '2031-04-01' },
  recordMoveCompleted: {},
  // Partner callbacks
  contractorUpdate: { outcome: 'completed', completedAt: '2031-03-11T10:00:00Z', evidenceReference: 'JOB-0001' },
  maracMeetingScheduled: { meetingDate: '2031-03-20' },
  maracOutcome: { actions: [{ actionId: 'A1', description: 'Fit a video doorbell', dueDate: '2031-03-27' }] },
  localAuthorityDecision: { decisionReference: 'LA-0001', decision: 'relief_duty' },
};
