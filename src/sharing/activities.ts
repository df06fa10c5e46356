import type { Pool } from 'pg';

export interface InformationRelease {
  caseId: string;
  organisationId: string;
  requestId: string;
  agency: string;
  purpose: string;
  dataCategories: string[];
  basis: string;
  consentId?: string;
  approvedBy?: string;
  by: string;
  at: string;
  tellSurvivor: boolean;
}

export function createSharingLedgerActivities(pool: Pool) {
  return {
    /** The durable record that information left the organisation, and on what basis. */
    async recordInformationRelease(release: InformationRelease): Promise<void> {
      await pool.query(
        `INSERT INTO information_releases (case_id, request_id, organisation_id, agency, purpose, data_categories, basis,
                                           consent_id, approved_by, released_by, released_at, tell_survivor)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (request_id) DO NOTHING`,
        [
          release.caseId,
          release.requestId,
          release.organisationId,
          release.agency,
          release.purpose,
          release.dataCategories,
          release.basis,
          release.consentId ?? null,
          release.approvedBy ?? null,
          release.by,
          release.at,
          release.tellSurvivor,
        ],
      );
    },
  };
}

/** What workflows call of these (as types only). */
export type SharingLedgerActivities = ReturnType<typeof createSharingLedgerActivities>;
