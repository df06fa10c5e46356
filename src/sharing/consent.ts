import { z } from 'zod';
import { boundedText, RECORDED_TEXT_MAX } from '../platform/text';

/**
 * Consent and lawful-basis rules for sharing a survivor's information with other agencies.
 * The policies allow sharing with the survivor's permission, or without it only for
 * safeguarding, high-risk MARAC, a legal requirement, or to prevent crime / protect life —
 * and then with a recorded basis, a senior approver and a decision on telling the survivor.
 */

const requiredText = (message: string) => boundedText(RECORDED_TEXT_MAX, { message });
const isoDateTime = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date-time, e.g. 2025-03-10T14:30:00Z` });

export const LAWFUL_BASES = [
  'safeguarding_child',
  'safeguarding_adult_at_risk',
  'high_risk_marac',
  'legal_duty',
  'prevention_of_crime_or_vital_interests',
] as const;
export const lawfulBasisSchema = z.enum(LAWFUL_BASES, {
  error: `lawful basis must be one of: ${LAWFUL_BASES.join(', ')}`,
});
export type LawfulBasis = z.infer<typeof lawfulBasisSchema>;

export const LAWFUL_BASIS_LABELS: Record<LawfulBasis, string> = {
  safeguarding_child: 'safeguarding a child',
  safeguarding_adult_at_risk: 'safeguarding an adult at risk',
  high_risk_marac: 'high-risk MARAC referral',
  legal_duty: 'legal duty',
  prevention_of_crime_or_vital_interests: 'prevention of crime or vital interests',
};

/** Roles senior enough to approve sharing without consent; caseworkers deliberately excluded. */
export const APPROVER_ROLES = ['manager', 'da_lead', 'head_of_service'] as const;
export const approverRoleSchema = z.enum(APPROVER_ROLES, {
  error: 'only a manager, DA lead or head of service can approve sharing without consent',
});
export type ApproverRole = z.infer<typeof approverRoleSchema>;

const dataCategoriesSchema = z
  .array(requiredText('a data category cannot be blank'), { error: 'dataCategories must be a list of data categories' })
  .min(1, 'name at least one category of data to be shared');

export const consentScopeSchema = z.strictObject({
  agency: requiredText('name the agency the consent is for'),
  purpose: requiredText('state the purpose the consent is for'),
  dataCategories: dataCategoriesSchema,
});
export type ConsentScope = z.infer<typeof consentScopeSchema>;

export const consentRecordSchema = z
  .object({
    id: requiredText('a consent record needs an id'),
    scope: consentScopeSchema,
    decision: z.enum(['given', 'refused'], { error: 'decision must be "given" or "refused"' }),
    decidedAt: isoDateTime('decidedAt'),
    recordedBy: requiredText('record who took the consent decision'),
    withdrawnAt: isoDateTime('withdrawnAt').optional(),
  })
  .refine((record) => record.withdrawnAt === undefined || record.decision === 'given', {
    message: 'only consent that was given can be withdrawn',
    path: ['withdrawnAt'],
  })
  .refine(
    (record) => record.withdrawnAt === undefined || Date.parse(record.withdrawnAt) >= Date.parse(record.decidedAt),
    {
      message: 'consent cannot be withdrawn before it was given',
      path: ['withdrawnAt'],
    },
  );
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

export const sharingRequestSchema = z.object({
  id: requiredText('a sharing request needs an id'),
  agency: requiredText('name the agency the information would go to'),
  /** The named person or address at the agency, when known. */
  recipientContact: requiredText('recipientContact cannot be blank').optional(),
  /** Set when the recipient is, or acts for, the perpetrator (e.g. their solicitor): always blocked. */
  recipientIsPerpetrator: z.boolean().optional(),
  purpose: requiredText('state the purpose of sharing'),
  dataCategories: dataCategoriesSchema,
  requestedAt: isoDateTime('requestedAt'),
  requestedBy: requiredText('record who requested the sharing'),
});
export type SharingRequest = z.infer<typeof sharingRequestSchema>;

const lawfulBasisApprovalFields = z.object({
  requestId: requiredText('say which sharing request the approval is for'),
  basis: lawfulBasisSchema,
  approvedBy: requiredText('record who approved sharing without consent'),
  // Must come from the authenticated approver's role in the staff directory, never from the request body.
  approverRole: approverRoleSchema,
  approvedAt: isoDateTime('approvedAt'),
  rationale: boundedText(RECORDED_TEXT_MAX, {
    min: 20,
    missing: 'sharing without consent needs a written rationale',
    message: 'sharing without consent needs a written rationale of at least 20 characters',
  }),
  tellSurvivor: z.boolean({ error: 'decide whether the survivor will be told about the sharing (tellSurvivor)' }),
  reasonNotTelling: boundedText(RECORDED_TEXT_MAX, { min: 0 }).optional(),
});

export const lawfulBasisApprovalSchema = lawfulBasisApprovalFields.refine(
  (approval) => approval.tellSurvivor || (approval.reasonNotTelling ?? '') !== '',
  {
    message: 'record why the survivor will not be told about the sharing (reasonNotTelling)',
    path: ['reasonNotTelling'],
    // Report this alongside other problems rather than only once everything else is valid.
    when: (payload) => lawfulBasisApprovalFields.pick({ tellSurvivor: true }).safeParse(payload.value).success,
  },
);
export type LawfulBasisApproval = z.infer<typeof lawfulBasisApprovalSchema>;

/** Problems with an approval to share without consent, in words staff can act on; empty when valid. */
export function validateLawfulBasisApproval(approval: unknown, allowedBases: readonly LawfulBasis[]): string[] {
  const parsed = lawfulBasisApprovalSchema.safeParse(approval);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => issue.message);
  const basis = lawfulBasisApprovalFields.pick({ basis: true }).safeParse(approval);
  if (basis.success && !allowedBases.includes(basis.data.basis)) {
    problems.push(
      `${LAWFUL_BASIS_LABELS[basis.data.basis]} is not a lawful basis this organisation allows for sharing without consent`,
    );
  }
  return problems;
}

/** Agency names, purposes and categories are typed by people: ignore case and stray spaces. */
function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

function sameAgencyAndPurpose(scope: ConsentScope, request: SharingRequest): boolean {
  return (
    normalise(scope.agency) === normalise(request.agency) && normalise(scope.purpose) === normalise(request.purpose)
  );
}

function scopeCovers(scope: ConsentScope, request: SharingRequest): boolean {
  const consented = new Set(scope.dataCategories.map(normalise));
  return (
    sameAgencyAndPurpose(scope, request) &&
    request.dataCategories.every((category) => consented.has(normalise(category)))
  );
}

/** A refusal of any requested category counts: the survivor said no to part of what would be sent. */
function scopeOverlaps(scope: ConsentScope, request: SharingRequest): boolean {
  const scoped = new Set(scope.dataCategories.map(normalise));
  return (
    sameAgencyAndPurpose(scope, request) && request.dataCategories.some((category) => scoped.has(normalise(category)))
  );
}

/** Consent that is in force and covers everything the request would share with that agency for that purpose. */
export function consentCovers(consent: ConsentRecord, request: SharingRequest): boolean {
  return consent.decision === 'given' && consent.withdrawnAt === undefined && scopeCovers(consent.scope, request);
}

/**
 * Nothing is ever shared with the perpetrator. A request is treated as going to them when staff
 * mark it so, or when its agency or named contact matches (ignoring case and spacing) a name,
 * address, phone number or reference recorded for the perpetrator on the case.
 */
export const PERPETRATOR_REFUSAL = 'information is never shared with the perpetrator or anyone acting for them';

export function isPerpetratorRecipient(
  request: Pick<SharingRequest, 'agency' | 'recipientContact' | 'recipientIsPerpetrator'>,
  perpetratorIdentifiers: readonly string[],
): boolean {
  if (request.recipientIsPerpetrator === true) return true;
  const identifiers = new Set(perpetratorIdentifiers.map(normalise).filter((identifier) => identifier !== ''));
  const recipients = [request.agency, request.recipientContact].filter((value): value is string => value !== undefined);
  return recipients.some((recipient) => identifiers.has(normalise(recipient)));
}

export interface SharingContext {
  /** The lawful bases the organisation's policy profile permits for sharing without consent. */
  allowedBases: readonly LawfulBasis[];
  /** Names, addresses, phone numbers and references recorded for the perpetrator on this case. */
  perpetratorIdentifiers?: readonly string[];
}

export type SharingDecision =
  | { outcome: 'release'; basis: 'consent'; consentId: string }
  | { outcome: 'release'; basis: LawfulBasis; approvedBy: string; approverRole: ApproverRole; tellSurvivor: boolean }
  | { outcome: 'blocked'; reason: string }
  | { outcome: 'awaiting_decision' };

/** A consent record contributes a grant and, if withdrawn, a later withdrawal. */
interface ConsentEvent {
  at: number;
  kind: 'given' | 'refused' | 'withdrawn';
  consent: ConsentRecord;
}

function consentEvents(consents: readonly ConsentRecord[]): ConsentEvent[] {
  return consents.flatMap((consent): ConsentEvent[] => {
    const decision: ConsentEvent = { at: Date.parse(consent.decidedAt), kind: consent.decision, consent };
    return consent.withdrawnAt === undefined
      ? [decision]
      : [decision, { at: Date.parse(consent.withdrawnAt), kind: 'withdrawn', consent }];
  });
}

/**
 * The survivor's most recent decision that bears on this request. A grant counts only if it
 * covers the whole request; a refusal or withdrawal counts if it touches any requested category.
 * At the same instant a refusal or withdrawal outranks a grant, erring on the side of not sharing.
 */
function latestRelevantConsentEvent(
  consents: readonly ConsentRecord[],
  request: SharingRequest,
): ConsentEvent | undefined {
  const relevant = consentEvents(consents).filter((event) =>
    event.kind === 'given' ? scopeCovers(event.consent.scope, request) : scopeOverlaps(event.consent.scope, request),
  );
  relevant.sort((a, b) => b.at - a.at || Number(a.kind === 'given') - Number(b.kind === 'given'));
  return relevant[0];
}

/**
 * Whether information may go to an agency now, and on what basis. Pure over the case's consent and
 * approval ledger: the workflow calls it again whenever a new decision or approval is recorded.
 */
export function decideSharing(
  request: SharingRequest,
  consents: readonly ConsentRecord[],
  approvals: readonly LawfulBasisApproval[],
  context: SharingContext,
): SharingDecision {
  // Checked first so that neither consent nor any approval can ever override it.
  if (isPerpetratorRecipient(request, context.perpetratorIdentifiers ?? [])) {
    return { outcome: 'blocked', reason: PERPETRATOR_REFUSAL };
  }

  const latest = latestRelevantConsentEvent(consents, request);
  if (latest?.kind === 'given') {
    return { outcome: 'release', basis: 'consent', consentId: latest.consent.id };
  }

  const approvalsForRequest = approvals
    .filter((approval) => approval.requestId === request.id)
    .map((approval) => ({ approval, problems: validateLawfulBasisApproval(approval, context.allowedBases) }));
  const validApproval = approvalsForRequest
    .filter(({ problems }) => problems.length === 0)
    .map(({ approval }) => approval)
    .sort((a, b) => Date.parse(b.approvedAt) - Date.parse(a.approvedAt))[0];
  if (validApproval) {
    return {
      outcome: 'release',
      basis: validApproval.basis,
      approvedBy: validApproval.approvedBy,
      approverRole: validApproval.approverRole,
      tellSurvivor: validApproval.tellSurvivor,
    };
  }

  if (latest === undefined) {
    return { outcome: 'awaiting_decision' };
  }
  const when = new Date(latest.at).toISOString();
  const consentReason =
    latest.kind === 'refused'
      ? `the survivor refused consent to share this with ${latest.consent.scope.agency} (${when})`
      : `the survivor withdrew consent to share this with ${latest.consent.scope.agency} (${when})`;
  const approvalProblems = approvalsForRequest.flatMap(({ problems }) => problems);
  const approvalReason =
    approvalProblems.length === 0
      ? 'no lawful basis for sharing without consent has been approved'
      : `the approval to share without consent is not valid: ${approvalProblems.join('; ')}`;
  return { outcome: 'blocked', reason: `${consentReason}, and ${approvalReason}` };
}
