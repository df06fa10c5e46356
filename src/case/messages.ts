import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CloseCaseCommand,
  ReopenCaseCommand,
  ConsentDecisionCommand,
  ContactAttemptCommand,
  DashCommand,
  ImmediateDangerCommand,
  SafeContactUpdateCommand,
  IncidentCommand,
  LawfulBasisCommand,
  ManagerReviewCommand,
  PerpetratorReferralCommand,
  PerpetratorActionCommand,
  PerpetratorActionOutcomeCommand,
  FeedbackCommand,
  ReassignCaseCommand,
  ReleaseCommand,
  SurvivorToldOfSharingCommand,
  SafeguardingReferralCommand,
  SafetyPlanCommand,
  SafetyPlanReviewCommand,
  SharingRequestCommand,
  WithdrawConsentCommand,
  NotificationCommand,
  SeriousIncidentReportCommand,
  SeriousIncidentApprovalCommand,
} from './commands';
import type {
  PerpetratorAction,
  FeedbackContact,
  CaseAssignment,
  CaseChange,
  CaseClosure,
  CaseReopeningRequest,
  CaseView,
  ContactAttempt,
  ImmediateDangerRecord,
  SafeContactChange,
  Incident,
  ManagerReview,
  PerpetratorReferral,
  RiskAssessmentRecord,
  SafeguardingReferral,
  SafetyPlan,
  SafetyPlanReviewed,
  SharingRequestState,
  CaseNotification,
  SeriousIncidentReport,
} from './state';

/** Shared by the workflow and its clients (API, CLI, tests). Every staff action is an Update. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

export const recordContactAttemptUpdate = defineUpdate<CaseChange<ContactAttempt>, [ContactAttemptCommand]>(
  'recordContactAttempt',
);
export const recordDashUpdate = defineUpdate<RiskAssessmentRecord, [DashCommand]>('recordDash');
export const recordSafetyPlanUpdate = defineUpdate<CaseChange<SafetyPlan>, [SafetyPlanCommand]>('recordSafetyPlan');
export const reviewSafetyPlanUpdate = defineUpdate<CaseChange<SafetyPlanReviewed>, [SafetyPlanReviewCommand]>(
  'reviewSafetyPlan',
);
export const requestSharingUpdate = defineUpdate<SharingRequestState, [SharingRequestCommand]>('requestSharing');
export const recordConsentDecisionUpdate = defineUpdate<SharingRequestState[], [ConsentDecisionCommand]>(
  'recordConsentDecision',
);
export const withdrawConsentUpdate = defineUpdate<SharingRequestState[], [WithdrawConsentCommand]>('withdrawConsent');
export const approveLawfulBasisUpdate = defineUpdate<SharingRequestState, [LawfulBasisCommand]>('approveLawfulBasis');
export const releaseInformationUpdate = defineUpdate<SharingRequestState, [ReleaseCommand]>('releaseInformation');
export const recordSafeguardingReferralUpdate = defineUpdate<
  CaseChange<SafeguardingReferral>,
  [SafeguardingReferralCommand]
>('recordSafeguardingReferral');
export const recordManagerReviewUpdate = defineUpdate<CaseChange<ManagerReview>, [ManagerReviewCommand]>(
  'recordManagerReview',
);
export const recordIncidentUpdate = defineUpdate<CaseChange<Incident>, [IncidentCommand]>('recordIncident');
export const recordImmediateDangerUpdate = defineUpdate<CaseChange<ImmediateDangerRecord>, [ImmediateDangerCommand]>(
  'recordImmediateDanger',
);
export const updateSafeContactUpdate = defineUpdate<CaseChange<SafeContactChange>, [SafeContactUpdateCommand]>(
  'updateSafeContact',
);
export const closeCaseUpdate = defineUpdate<CaseChange<CaseClosure>, [CloseCaseCommand]>('closeCase');
/** Reopens the closed case: the run ends and a new run of the same case starts afresh (answered as it will stand). */
export const reopenCaseUpdate = defineUpdate<CaseChange<CaseReopeningRequest>, [ReopenCaseCommand]>('reopenCase');
export const recordPerpetratorReferralUpdate = defineUpdate<
  CaseChange<PerpetratorReferral>,
  [PerpetratorReferralCommand]
>('recordPerpetratorReferral');
export const reassignCaseUpdate = defineUpdate<CaseChange<CaseAssignment>, [ReassignCaseCommand]>('reassignCase');
export const recordFeedbackUpdate = defineUpdate<CaseChange<FeedbackContact>, [FeedbackCommand]>('recordFeedback');
export const recordSurvivorToldOfSharingUpdate = defineUpdate<SharingRequestState, [SurvivorToldOfSharingCommand]>(
  'recordSurvivorToldOfSharing',
);
export const recordPerpetratorActionUpdate = defineUpdate<CaseChange<PerpetratorAction>, [PerpetratorActionCommand]>(
  'recordPerpetratorAction',
);
export const recordPerpetratorActionOutcomeUpdate = defineUpdate<
  CaseChange<PerpetratorAction>,
  [PerpetratorActionOutcomeCommand]
>('recordPerpetratorActionOutcome');
export const recordNotificationUpdate = defineUpdate<CaseChange<CaseNotification>, [NotificationCommand]>(
  'recordNotification',
);
export const raiseSeriousIncidentReportUpdate = defineUpdate<
  CaseChange<SeriousIncidentReport>,
  [SeriousIncidentReportCommand]
>('raiseSeriousIncidentReport');
export const approveSeriousIncidentReportUpdate = defineUpdate<
  CaseChange<SeriousIncidentReport>,
  [SeriousIncidentApprovalCommand]
>('approveSeriousIncidentReport');
