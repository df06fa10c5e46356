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
     * survivor's last one, on any case. Idempotent: a retry returns what was first recorded.
     */
    async registerMaracReferral(
      registration: MaracRegistration,
    ): Promise<{ repeat: boolean; previousReferralAt?: string }> {
      const key = survivorKey(registration.organisationId, registration.survivorReference);
      const previous = await pool.query<{ referred_at: Date }>(
        `SELECT referred_at FROM marac_referrals
         WHERE organisation_id = $1 AND survivor_key = $2 AND referral_id <> $3 AND referred_at < $4
         ORDER BY referred_at DESC LIMIT 1`,
        [registration.organisationId, key, registration.referralId, registration.referredAt],
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
