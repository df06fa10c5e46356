import { entryLimitRefusal } from '../shared/bounds';
import type { CaseState } from './state';

/*
 * What one case workflow keeps. Its state travels whole in every getCase answer and in the input of
 * continue-as-new, and Temporal ends a workflow whose payload passes 2 MB: a case must refuse
 * more entries long before that, so that no input can end it.
 */

/** How many entries of each kind one case keeps: far beyond casework, few enough to stay small. */
export const CASE_ENTRY_LIMITS = {
  contactAttempts: 500,
  riskAssessments: 200,
  incidents: 500,
  sharingRequests: 150,
  consentDecisions: 200,
  lawfulBasisApprovals: 200,
  safeguardingReferrals: 30,
  perpetratorReferrals: 30,
  reviews: 300,
  linkedWorkflows: 60,
} as const;

export type CaseEntryKind = keyof typeof CASE_ENTRY_LIMITS;

const ENTRY_LABELS: Record<CaseEntryKind, string> = {
  contactAttempts: 'contact attempts',
  riskAssessments: 'risk assessments',
  incidents: 'incidents',
  sharingRequests: 'sharing requests',
  consentDecisions: 'consent decisions',
  lawfulBasisApprovals: 'lawful basis approvals',
  safeguardingReferrals: 'safeguarding referrals',
  perpetratorReferrals: 'perpetrator referrals',
  reviews: 'case reviews',
  linkedWorkflows: 'linked workflows (MARAC referrals, repairs, rehousing)',
};

const ENTRIES: Record<CaseEntryKind, (state: CaseState) => readonly unknown[]> = {
  contactAttempts: (state) => state.contactAttempts,
  riskAssessments: (state) => state.assessments,
  incidents: (state) => state.incidents,
  sharingRequests: (state) => state.sharing.requests,
  consentDecisions: (state) => state.sharing.consents,
  lawfulBasisApprovals: (state) => state.sharing.approvals,
  safeguardingReferrals: (state) => state.safeguardingReferrals,
  perpetratorReferrals: (state) => state.perpetratorReferrals ?? [],
  reviews: (state) => state.reviews,
  linkedWorkflows: (state) => state.children,
};

/** Why the case cannot take another entry of this kind, or undefined when it can. */
export function caseEntryLimitRefusal(state: CaseState, kind: CaseEntryKind): string | undefined {
  return entryLimitRefusal(ENTRIES[kind](state).length, CASE_ENTRY_LIMITS[kind], ENTRY_LABELS[kind], 'case');
}

/**
 * The most a case's state may hold, as UTF-8 JSON. Update and query answers still carry the whole
 * state, and one workflow task may answer several at once within gRPC's 4 MB message limit (512 kB
 * was seen to exceed it with nine answers), so the bound leaves room for sixteen; what the system
 * itself adds once staff can add nothing (alerts, escalations, closure) still fits.
 */
export const CASE_STATE_MAX_BYTES = 256 * 1024;

/** What an action adds besides its command: the entry's own fields, a deadline with its schedule, alerts. */
export const ACTION_HEADROOM_BYTES = 8 * 1024;

/** The length in bytes of a value as UTF-8 JSON, the form Temporal carries it in. */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value) ?? '';
  let bytes = 0;
  for (let index = 0; index < json.length; index += 1) {
    const code = json.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    // JSON.stringify escapes a lone surrogate, so a high one starts a pair: one 4-byte character.
    else if (code >= 0xd800 && code < 0xdc00) {
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

const kilobytes = (bytes: number): string => `${Math.ceil(bytes / 1024)} kB`;

/** Why a case whose state is `stateBytes` cannot take a command of `commandBytes`, or undefined when it can. */
export function stateSizeRefusal(stateBytes: number, commandBytes: number): string | undefined {
  if (stateBytes + commandBytes + ACTION_HEADROOM_BYTES <= CASE_STATE_MAX_BYTES) return undefined;
  return `this case's record holds ${kilobytes(stateBytes)} and this action would take it past the ${kilobytes(CASE_STATE_MAX_BYTES)} one case can keep; nothing was recorded`;
}
