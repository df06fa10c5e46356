import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { isRepeatMaracReferral } from './repeat-referral';

export interface MaracRegistration {
  referralId: string;
  caseId: string;
  organisationId: string;
  survivorReference: string;
  referredAt: string;
}

const survivorKey = (organisationId: string, reference: string): string =>
  createHash('sha256').update(`${organisationId}\u0000${reference}`).digest('hex');

export function createMaracRegistryActivities(pool: Pool) {
  return {
    /**
     * Records the referral and says whether it is a repeat: a new referral within 12 months of the
     * survivor's last one, on any case (a linked case's counting as the survivor's). Idempotent: a retry returns what was first recorded.
     */
    async registerMaracReferral(
      registration: MaracRegistration,
    ): Promise<{ repeat: boolean; previousReferralAt?: string }> {
      const key = survivorKey(registration.organisationId, registration.survivorReference);
      // The survivor's referrals on any case, the case's own earlier runs' among them (a reopened case
      // keeps its id), and those of every case linked to this one either way, however the survivor
      // was referenced on it (POST /cases with linkedToCaseId).
      const previous = await pool.query<{ referred_at: Date }>(
        `WITH RECURSIVE linked (case_id) AS (
           SELECT $5::uuid
           UNION
           SELECT CASE WHEN link.case_id = linked.case_id THEN link.linked_to_case_id ELSE link.case_id END
           FROM case_links link JOIN linked ON link.case_id = linked.case_id OR link.linked_to_case_id = linked.case_id
           WHERE link.organisation_id = $1
         )
         SELECT referred_at FROM marac_referrals
         WHERE organisation_id = $1 AND referral_id <> $3 AND referred_at < $4
           AND (survivor_key = $2 OR case_id IN (SELECT case_id FROM linked))
         ORDER BY referred_at DESC LIMIT 1`,
        [registration.organisationId, key, registration.referralId, registration.referredAt, registration.caseId],
      );
      const previousAt = previous.rows[0]?.referred_at ?? null;
      const repeat = isRepeatMaracReferral(previousAt, new Date(registration.referredAt));
      await pool.query(
        `INSERT INTO marac_referrals (referral_id, case_id, organisation_id, survivor_key, referred_at, repeat_referral, previous_referral_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (referral_id) DO NOTHING`,
        [
          registration.referralId,
          registration.caseId,
          registration.organisationId,
          key,
          registration.referredAt,
          repeat,
          previousAt,
        ],
      );
      const stored = await pool.query<{ repeat_referral: boolean; previous_referral_at: Date | null }>(
        'SELECT repeat_referral, previous_referral_at FROM marac_referrals WHERE referral_id = $1',
        [registration.referralId],
      );
      const row = stored.rows[0]!;
      return { repeat: row.repeat_referral, previousReferralAt: row.previous_referral_at?.toISOString() };
    },
  };
}

/** What workflows call of these (as types only). */
export type MaracRegistryActivities = ReturnType<typeof createMaracRegistryActivities>;
