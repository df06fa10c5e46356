import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Case search attributes: what Temporal's visibility can filter cases on, never personal data. */
export const caseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const riskLevelKey = defineSearchAttributeKey('RiskLevel', SearchAttributeType.KEYWORD);
export const caseOfficerKey = defineSearchAttributeKey('CaseOfficer', SearchAttributeType.KEYWORD);
export const organisationKey = defineSearchAttributeKey('Organisation', SearchAttributeType.KEYWORD);
export const breachedKey = defineSearchAttributeKey('Breached', SearchAttributeType.BOOL);

export const caseSearchAttributes = [caseStatusKey, riskLevelKey, caseOfficerKey, organisationKey, breachedKey];
