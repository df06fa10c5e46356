import type { Queryable } from '../platform/db/queryable';
import type { CaseProjection } from '../case/projection';
import type { CaseReportFacts } from './facts';

/**
 * Writes a case's report facts beside its projection: the row only when this state is newer than
 * the stored one (as the projection), each dated event once (a retried or older write adds nothing).
 */
export async function recordCaseReportFacts(
  db: Queryable,
  projection: Pick<CaseProjection, 'caseId' | 'organisationId' | 'stateVersion'>,
  facts: CaseReportFacts,
): Promise<void> {
  await db.query(
    `INSERT INTO case_report_facts (case_id, organisation_id, channel, reporter, first_contact_at, closed_at,
                                    safeguarding_concern, follows_earlier_case, state_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (case_id) DO UPDATE SET
       channel = EXCLUDED.channel, reporter = EXCLUDED.reporter, first_contact_at = EXCLUDED.first_contact_at,
       closed_at = EXCLUDED.closed_at, safeguarding_concern = EXCLUDED.safeguarding_concern,
       follows_earlier_case = EXCLUDED.follows_earlier_case, state_version = EXCLUDED.state_version
     WHERE case_report_facts.state_version < EXCLUDED.state_version`,
    [
      projection.caseId,
      projection.organisationId,
      facts.channel,
      facts.reporter,
      facts.firstContactAt,
      facts.closedAt,
      facts.safeguardingConcern,
      facts.followsEarlierCase,
      projection.stateVersion,
    ],
  );
  if (facts.events.length === 0) return;
  await db.query(
    `INSERT INTO case_report_events (case_id, organisation_id, source, ordinal, kind, at)
     SELECT $1, $2, e.source, e.ordinal, e.kind, e.at
     FROM jsonb_to_recordset($3::jsonb) AS e(source text, ordinal int, kind text, at timestamptz)
     ON CONFLICT DO NOTHING`,
    [projection.caseId, projection.organisationId, JSON.stringify(facts.events)],
  );
}
