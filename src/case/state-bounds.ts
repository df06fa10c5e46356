import { entryLimitRefusal } from '../platform/workflow/bounds';

/*
 * What one case workflow keeps. Its state travels whole in every getCase answer and in the input of
 * continue-as-new, and Temporal ends a workflow whose payload passes 2 MB: a case must refuse
 * more entries long before that, so that no input can end it.
 */

/**
 * The lists in a case's state that grow with staff actions. CaseState has them; they are named here
 * rather than imported so that the commands, which take these limits, need not import the state.
 */
interface CaseEntries {
  contactAttempts: readonly unknown[];
  assessments: readonly unknown[];
  incidents: readonly unknown[];
  sharing: { requests: readonly unknown[]; consents: readonly unknown[]; approvals: readonly unknown[] };
  safeguardingReferrals: readonly unknown[];
  perpetratorReferrals?: readonly unknown[];
  reviews: readonly unknown[];
  safetyPlan?: { reviews?: readonly unknown[] };
  children: readonly unknown[];
  feedback?: readonly unknown[];
  perpetratorActions?: readonly unknown[];
  notifications?: readonly unknown[];
  seriousIncidentReports?: readonly unknown[];
}

/** Each kind of entry one case keeps: how many (far beyond casework, few enough to stay small), called what, held where. */
const CASE_ENTRIES = {
  contactAttempts: { limit: 500, label: 'contact attempts', of: (state: CaseEntries) => state.contactAttempts },
  riskAssessments: { limit: 200, label: 'risk assessments', of: (state: CaseEntries) => state.assessments },
  incidents: { limit: 500, label: 'incidents', of: (state: CaseEntries) => state.incidents },
  sharingRequests: { limit: 150, label: 'sharing requests', of: (state: CaseEntries) => state.sharing.requests },
  consentDecisions: { limit: 200, label: 'consent decisions', of: (state: CaseEntries) => state.sharing.consents },
  lawfulBasisApprovals: {
    limit: 200,
    label: 'lawful basis approvals',
    of: (state: CaseEntries) => state.sharing.approvals,
  },
  safeguardingReferrals: {
    limit: 30,
    label: 'safeguarding referrals',
    of: (state: CaseEntries) => state.safeguardingReferrals,
  },
  perpetratorReferrals: {
    limit: 30,
    label: 'perpetrator referrals',
    of: (state: CaseEntries) => state.perpetratorReferrals ?? [],
  },
  reviews: { limit: 300, label: 'case reviews', of: (state: CaseEntries) => state.reviews },
  perpetratorActions: {
    limit: 60,
    label: 'perpetrator actions',
    of: (state: CaseEntries) => state.perpetratorActions ?? [],
  },
  notifications: { limit: 300, label: 'notifications', of: (state: CaseEntries) => state.notifications ?? [] },
  seriousIncidentReports: {
    limit: 50,
    label: 'serious-incident reports',
    of: (state: CaseEntries) => state.seriousIncidentReports ?? [],
  },
  feedbackContacts: { limit: 50, label: 'feedback contacts', of: (state: CaseEntries) => state.feedback ?? [] },
  safetyPlanReviews: {
    limit: 300,
    label: 'safety plan reviews',
    of: (state: CaseEntries) => state.safetyPlan?.reviews ?? [],
  },
  linkedWorkflows: {
    limit: 60,
    label: 'linked workflows (MARAC referrals, repairs, rehousing)',
    of: (state: CaseEntries) => state.children,
  },
} as const satisfies Record<string, { limit: number; label: string; of: (state: CaseEntries) => readonly unknown[] }>;

export type CaseEntryKind = keyof typeof CASE_ENTRIES;

export const CASE_ENTRY_LIMITS = Object.fromEntries(
  Object.entries(CASE_ENTRIES).map(([kind, { limit }]) => [kind, limit]),
) as {
  [Kind in CaseEntryKind]: (typeof CASE_ENTRIES)[Kind]['limit'];
};

/** Why the case cannot take another entry of this kind, or undefined when it can. */
export function caseEntryLimitRefusal(state: CaseEntries, kind: CaseEntryKind): string | undefined {
  const { limit, label, of } = CASE_ENTRIES[kind];
  return entryLimitRefusal(of(state).length, limit, label, 'case');
}

/**
 * The most a case's state may hold, as UTF-8 JSON. Updates answer with the entry they recorded, but
 * getCase Queries carry the whole state, and one workflow task may answer several at once within
 * gRPC's 4 MB message limit (512 kB was seen to exceed it with nine answers), so the bound leaves
 * room for sixteen; what the system itself adds once staff can add nothing (alerts, escalations,
 * closure) still fits.
 */
export const CASE_STATE_MAX_BYTES = 256 * 1024;

/** What an action adds besides its command: the entry's own fields, a deadline with its schedule, alerts. */
export const ACTION_HEADROOM_BYTES = 8 * 1024;

const utf8 = new TextEncoder();

/** The length in bytes of a value as UTF-8 JSON, the form Temporal carries it in. */
export const jsonBytes = (value: unknown): number => utf8.encode(JSON.stringify(value) ?? '').byteLength;

const kilobytes = (bytes: number): string => `${Math.ceil(bytes / 1024)} kB`;

/** Why a case whose state is `stateBytes` cannot take a command of `commandBytes`, or undefined when it can. */
export function stateSizeRefusal(stateBytes: number, commandBytes: number): string | undefined {
  if (stateBytes + commandBytes + ACTION_HEADROOM_BYTES <= CASE_STATE_MAX_BYTES) return undefined;
  return `this case's record holds ${kilobytes(stateBytes)} and this action would take it past the ${kilobytes(CASE_STATE_MAX_BYTES)} one case can keep; nothing was recorded`;
}
