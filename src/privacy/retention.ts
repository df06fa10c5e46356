import type { RetentionPolicy } from '../policy/retention';

/*
 * When a closed case's records must go (pure rules, unit-tested in test/unit/retention-rules.test.ts).
 * The period runs from the case's closure; a reopened case is open again, and its period starts
 * afresh at its next closure.
 */

/**
 * The instant a case closed at `closedAt` is past its retention: the same date and time,
 * `yearsAfterClosure` years on (UTC; a closure on 29 February ends on 1 March of a year without one).
 */
export function retentionEndsAt(closedAt: Date, policy: RetentionPolicy): Date {
  const ends = new Date(closedAt.getTime());
  ends.setUTCFullYear(ends.getUTCFullYear() + policy.yearsAfterClosure);
  return ends;
}

export interface RetentionCandidate {
  caseId: string;
  status: 'open' | 'closed';
  closedAt: Date | undefined;
  erasedAt: Date | undefined;
  /** the legal holds in place (not lifted) */
  holds: readonly string[];
}

export type ErasureVerdict =
  | { due: true; retentionEndedAt: Date }
  | {
      due: false;
      reason: 'open' | 'erased' | 'within_retention' | 'legal_hold';
      retentionEndsAt?: Date;
      holdId?: string;
    };

/** Whether the retention sweep erases the case now: closed, not yet erased, past its period, and under no legal hold. */
export function erasureVerdict(candidate: RetentionCandidate, policy: RetentionPolicy, now: Date): ErasureVerdict {
  if (candidate.erasedAt !== undefined) return { due: false, reason: 'erased' };
  if (candidate.status !== 'closed' || candidate.closedAt === undefined) return { due: false, reason: 'open' };
  const ends = retentionEndsAt(candidate.closedAt, policy);
  if (now.getTime() < ends.getTime()) return { due: false, reason: 'within_retention', retentionEndsAt: ends };
  if (candidate.holds.length > 0)
    return { due: false, reason: 'legal_hold', retentionEndsAt: ends, holdId: candidate.holds[0]! };
  return { due: true, retentionEndedAt: ends };
}

/** Of the candidates, those the sweep erases now. */
export function casesDueForErasure<C extends RetentionCandidate>(
  candidates: readonly C[],
  policyOf: (candidate: C) => RetentionPolicy,
  now: Date,
): C[] {
  return candidates.filter((candidate) => erasureVerdict(candidate, policyOf(candidate), now).due);
}

/**
 * Whether an approved erasure request may erase the case now (a survivor's right to erasure, before
 * the period): only a closed case, and never under a legal hold.
 */
export function requestedErasureRefusal(
  candidate: Omit<RetentionCandidate, 'caseId'>,
): { reason: 'open' | 'erased' | 'legal_hold'; holdId?: string } | undefined {
  if (candidate.erasedAt !== undefined) return { reason: 'erased' };
  if (candidate.status !== 'closed') return { reason: 'open' };
  if (candidate.holds.length > 0) return { reason: 'legal_hold', holdId: candidate.holds[0]! };
  return undefined;
}
