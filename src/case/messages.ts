import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CloseCaseCommand,
  ConsentDecisionCommand,
  ContactAttemptCommand,
  DashCommand,
  IncidentCommand,
  LawfulBasisCommand,
  ManagerReviewCommand,
  PerpetratorReferralCommand,
  ReleaseCommand,
  SafeguardingReferralCommand,
  SafetyPlanCommand,
  SharingRequestCommand,
  WithdrawConsentCommand,
} from './commands';
import type { CaseView, RiskAssessmentRecord, SharingRequestState } from './state';

/** Shared by the workflow and its clients (API, CLI, tests). Every staff action is an Update. */
export const getCaseQuery = defineQuery<CaseView>('getCase');

export const recordContactAttemptUpdate = defineUpdate<CaseView, [ContactAttemptCommand]>('recordContactAttempt');
export const recordDashUpdate = defineUpdate<RiskAssessmentRecord, [DashCommand]>('recordDash');
export const recordSafetyPlanUpdate = defineUpdate<CaseView, [SafetyPlanCommand]>('recordSafetyPlan');
export const requestSharingUpdate = defineUpdate<SharingRequestState, [SharingRequestCommand]>('requestSharing');
export const recordConsentDecisionUpdate = defineUpdate<SharingRequestState[], [ConsentDecisionCommand]>(
  'recordConsentDecision',
);
export const withdrawConsentUpdate = defineUpdate<SharingRequestState[], [WithdrawConsentCommand]>('withdrawConsent');
export const approveLawfulBasisUpdate = defineUpdate<SharingRequestState, [LawfulBasisCommand]>('approveLawfulBasis');
export const releaseInformationUpdate = defineUpdate<SharingRequestState, [ReleaseCommand]>('releaseInformation');
export const recordSafeguardingReferralUpdate = defineUpdate<CaseView, [SafeguardingReferralCommand]>(
  'recordSafeguardingReferral',
);
export const recordManagerReviewUpdate = defineUpdate<CaseView, [ManagerReviewCommand]>('recordManagerReview');
export const recordIncidentUpdate = defineUpdate<CaseView, [IncidentCommand]>('recordIncident');
export const closeCaseUpdate = defineUpdate<CaseView, [CloseCaseCommand]>('closeCase');
export const recordPerpetratorReferralUpdate = defineUpdate<CaseView, [PerpetratorReferralCommand]>(
  'recordPerpetratorReferral',
);
