import type { Pool } from 'pg';
import { SYSTEM_ROLE } from '../audit/log';
import type { RetentionPolicy } from '../policy/retention';
import { closedCasesNotErased, eraseCase, LegalHoldInPlaceError, type CaseForErasure } from './erasure';
import { erasureVerdict, retentionEndsAt } from './retention';

/**
 * The retention of each profile, as the schedule was last ensured with (src/privacy/retention-schedule.ts):
 * today's version, not the one a case opened under, because a retention period governs what is held now.
 */
export interface RetentionSweepInput {
  retentionByProfile: Record<string, RetentionPolicy>;
  /** for a case whose profile is not loaded any more */
  defaultRetention: RetentionPolicy;
}

export const RETENTION_SWEEPER = 'retention-sweep';

/** `clock`: the sweep's now (a test runs it years ahead). */
export function createRetentionActivities(pool: Pool, clock: () => Date = () => new Date()) {
  return {
    /**
     * Erases up to `batch` closed cases past their profile's retention and under no legal hold, oldest
     * ids after `afterCaseId` first. Idempotent: an erased case is never weighed again.
     */
    async eraseCasesPastRetention(
      input: RetentionSweepInput & { batch: number; afterCaseId?: string },
    ): Promise<{ erased: number; held: number; lastCaseId?: string; more: boolean }> {
      const now = clock();
      const policyOf = (candidate: CaseForErasure): RetentionPolicy =>
        input.retentionByProfile[candidate.policyProfile] ?? input.defaultRetention;
      const shortest = Math.min(
        input.defaultRetention.yearsAfterClosure,
        ...Object.values(input.retentionByProfile).map((policy) => policy.yearsAfterClosure),
      );
      // no case closed later than this can be due under any profile
      const latestDue = new Date(now.getTime());
      latestDue.setUTCFullYear(latestDue.getUTCFullYear() - shortest);
      const candidates = await closedCasesNotErased(pool, latestDue, input.batch, input.afterCaseId);
      let erased = 0;
      let held = 0;
      for (const candidate of candidates) {
        const verdict = erasureVerdict(candidate, policyOf(candidate), now);
        if (!verdict.due) {
          if (verdict.reason === 'legal_hold') held += 1;
          continue;
        }
        try {
          const { alreadyErased } = await eraseCase(pool, {
            caseId: candidate.caseId,
            organisationId: candidate.organisationId,
            reason: 'retention',
            reference: `retention-ended-${retentionEndsAt(candidate.closedAt!, policyOf(candidate)).toISOString().slice(0, 10)}`,
            actor: { staffId: RETENTION_SWEEPER, role: SYSTEM_ROLE },
          });
          if (!alreadyErased) erased += 1;
        } catch (error) {
          // a hold placed since the candidates were read
          if (!(error instanceof LegalHoldInPlaceError)) throw error;
          held += 1;
        }
      }
      return {
        erased,
        held,
        ...(candidates.length > 0 && { lastCaseId: candidates[candidates.length - 1]!.caseId }),
        more: candidates.length === input.batch,
      };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
