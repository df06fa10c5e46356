import { disclosureChannels, reporterKinds } from '../case/disclosure';
import { riskLevelSchema } from '../case/risk';
import type { Queryable } from '../platform/db/queryable';
import { PERPETRATOR_ACTION_KINDS, PERPETRATOR_REFERRAL_ROUTES } from '../policy/profile';
import type { CaseReportEventSource } from './facts';

/**
 * The case figures of a reporting pack, for one organisation and period, read from the PostgreSQL
 * projection (cases, case_report_facts, case_report_events, marac_referrals, teams): raw counts,
 * which the pack suppresses (src/reporting/pack.ts) before anything is stored or served.
 */

/** A case with no report facts yet (projected before they existed, and unchanged since). */
export const UNKNOWN = 'unknown';
/** A case whose team has no area in the directory. */
export const NO_AREA = 'no_area';

/**
 * The event sources that are safeguarding referrals: the case's one-line records
 * (POST /cases/{caseId}/safeguarding-referrals) and the safeguarding referral workflows' referrals
 * made, as each reports to its case (ChildStatus.referralMade).
 */
export const SAFEGUARDING_EVENT_SOURCES: readonly CaseReportEventSource[] = [
  'safeguarding_referral',
  'safeguarding_child',
];

export const RISK_CATEGORIES = ['unassessed', ...riskLevelSchema.options] as const;
export const FIRST_CONTACT_BANDS = [
  'within24Hours',
  'within72Hours',
  'after72Hours',
  'notYetReached',
  UNKNOWN,
] as const;

export interface CaseFigures {
  volumes: {
    /** cases opened in the period */
    opened: number;
    closed: number;
    openAtStart: number;
    openAtEnd: number;
    /** of the cases opened in the period: by risk level now, by the disclosure's channel and reporter, by area */
    byRisk: Record<string, number>;
    byChannel: Record<string, number>;
    byReporter: Record<string, number>;
    byArea: Record<string, number>;
  };
  repeatVictimisation: {
    /** cases opened in the period to follow the survivor's earlier closed case */
    openedFollowingEarlierCase: number;
    /** closed cases reopened in the period */
    reopened: number;
    /** MARAC referrals in the period that were repeats */
    repeatMaracReferrals: number;
  };
  safeguarding: {
    /** cases opened in the period with children in the household or an adult at risk */
    openedWithConcern: number;
    /** of those, cases with no safeguarding referral recorded yet */
    concernWithoutReferral: number;
    /** safeguarding referrals made in the period, by subject */
    referrals: Record<string, number>;
    referralsTotal: number;
  };
  perpetrator: {
    /** perpetrator actions recorded in the period, by kind */
    actions: Record<string, number>;
    actionsTotal: number;
    /** MATAC, MAPPA and DAPP referrals of the perpetrator recorded in the period */
    referrals: Record<string, number>;
    referralsTotal: number;
  };
  firstContact: {
    /** of the cases opened in the period: how long until the survivor was first reached */
    bands: Record<(typeof FIRST_CONTACT_BANDS)[number], number>;
    reached: number;
    /** median hours from the report to first reaching the survivor, of those reached; null if none */
    medianHours: number | null;
  };
}

const zeroes = (keys: readonly string[]): Record<string, number> => Object.fromEntries(keys.map((key) => [key, 0]));

function tally(into: Record<string, number>, rows: { key: string | null; n: number }[], otherKey = UNKNOWN) {
  for (const row of rows) {
    const key = row.key ?? otherKey;
    into[key] = (into[key] ?? 0) + row.n;
  }
  return into;
}

export async function buildCaseFigures(
  db: Queryable,
  organisationId: string,
  period: { startsAt: string; endsBefore: string },
): Promise<CaseFigures> {
  const values = [period.startsAt, period.endsBefore, organisationId];
  // When a case closed: its facts' closure, or for a closed case projected before facts, its last update.
  const closedAt = `coalesce(f.closed_at, CASE WHEN c.status = 'closed' AND f.case_id IS NULL THEN c.updated_at END)`;
  const cases = `cases c LEFT JOIN case_report_facts f ON f.case_id = c.case_id`;
  const openedInPeriod = `c.organisation_id = $3 AND c.opened_at >= $1 AND c.opened_at < $2`;

  const volumes = (
    await db.query<{ opened: number; closed: number; open_at_start: number; open_at_end: number }>(
      `SELECT count(*) FILTER (WHERE c.opened_at >= $1 AND c.opened_at < $2)::int AS opened,
              count(*) FILTER (WHERE ${closedAt} >= $1 AND ${closedAt} < $2)::int AS closed,
              count(*) FILTER (WHERE c.opened_at < $1 AND (${closedAt} IS NULL OR ${closedAt} >= $1))::int AS open_at_start,
              count(*) FILTER (WHERE c.opened_at < $2 AND (${closedAt} IS NULL OR ${closedAt} >= $2))::int AS open_at_end
       FROM ${cases} WHERE c.organisation_id = $3`,
      values,
    )
  ).rows[0]!;

  const grouped = async (key: string, from = cases) =>
    (
      await db.query<{ key: string | null; n: number }>(
        `SELECT ${key} AS key, count(*)::int AS n FROM ${from} WHERE ${openedInPeriod} GROUP BY 1`,
        values,
      )
    ).rows;
  const areas = await db.query<{ area_id: string }>('SELECT area_id FROM areas WHERE organisation_id = $1', [
    organisationId,
  ]);
  const byArea = tally(
    zeroes([...areas.rows.map((row) => row.area_id).sort(), NO_AREA]),
    await grouped(
      't.area_id',
      `cases c LEFT JOIN teams t ON t.organisation_id = c.organisation_id AND t.team_id = c.team_id`,
    ),
    NO_AREA,
  );

  const opened = (
    await db.query<{
      following: number;
      with_concern: number;
      concern_without_referral: number;
      within_24: number;
      within_72: number;
      after_72: number;
      not_reached: number;
      unknown: number;
      median_hours: number | null;
    }>(
      `WITH opened AS (
         SELECT c.case_id, c.opened_at, f.case_id IS NOT NULL AS known, f.first_contact_at,
                coalesce(f.follows_earlier_case, false) AS following, coalesce(f.safeguarding_concern, false) AS concern,
                EXTRACT(EPOCH FROM (f.first_contact_at - c.opened_at)) / 3600 AS hours
         FROM ${cases} WHERE ${openedInPeriod})
       SELECT count(*) FILTER (WHERE following)::int AS following,
              count(*) FILTER (WHERE concern)::int AS with_concern,
              count(*) FILTER (WHERE concern AND NOT EXISTS (
                SELECT 1 FROM case_report_events e WHERE e.case_id = opened.case_id AND e.source = ANY($4::text[])
              ))::int AS concern_without_referral,
              count(*) FILTER (WHERE known AND hours <= 24)::int AS within_24,
              count(*) FILTER (WHERE known AND hours > 24 AND hours <= 72)::int AS within_72,
              count(*) FILTER (WHERE known AND hours > 72)::int AS after_72,
              count(*) FILTER (WHERE known AND first_contact_at IS NULL)::int AS not_reached,
              count(*) FILTER (WHERE NOT known)::int AS unknown,
              (percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FILTER (WHERE hours IS NOT NULL))::float8 AS median_hours
       FROM opened`,
      [...values, SAFEGUARDING_EVENT_SOURCES],
    )
  ).rows[0]!;

  const events = async (sources: readonly CaseReportEventSource[]) =>
    (
      await db.query<{ key: string; n: number }>(
        `SELECT kind AS key, count(*)::int AS n FROM case_report_events
         WHERE organisation_id = $3 AND source = ANY($4::text[]) AND at >= $1 AND at < $2 GROUP BY 1`,
        [...values, sources],
      )
    ).rows;
  const countOf = async (sql: string) => (await db.query<{ n: number }>(sql, values)).rows[0]!.n;
  const sum = (record: Record<string, number>) => Object.values(record).reduce((total, n) => total + n, 0);

  const safeguardingReferrals = tally(zeroes(['child', 'adult_at_risk']), await events(SAFEGUARDING_EVENT_SOURCES));
  const perpetratorActions = tally(zeroes(PERPETRATOR_ACTION_KINDS), await events(['perpetrator_action']));
  const perpetratorReferrals = tally(zeroes(PERPETRATOR_REFERRAL_ROUTES), await events(['perpetrator_referral']));
  const reached = opened.within_24 + opened.within_72 + opened.after_72;

  return {
    volumes: {
      opened: volumes.opened,
      closed: volumes.closed,
      openAtStart: volumes.open_at_start,
      openAtEnd: volumes.open_at_end,
      byRisk: tally(zeroes(RISK_CATEGORIES), await grouped('c.risk_level')),
      byChannel: tally(zeroes([...disclosureChannels, UNKNOWN]), await grouped('f.channel')),
      byReporter: tally(zeroes([...reporterKinds, UNKNOWN]), await grouped('f.reporter')),
      byArea,
    },
    repeatVictimisation: {
      openedFollowingEarlierCase: opened.following,
      reopened: await countOf(
        `SELECT count(DISTINCT case_id)::int AS n FROM case_report_events
         WHERE organisation_id = $3 AND source = 'reopening' AND at >= $1 AND at < $2`,
      ),
      repeatMaracReferrals: await countOf(
        `SELECT count(*)::int AS n FROM marac_referrals
         WHERE organisation_id = $3 AND repeat_referral AND referred_at >= $1 AND referred_at < $2`,
      ),
    },
    safeguarding: {
      openedWithConcern: opened.with_concern,
      concernWithoutReferral: opened.concern_without_referral,
      referrals: safeguardingReferrals,
      referralsTotal: sum(safeguardingReferrals),
    },
    perpetrator: {
      actions: perpetratorActions,
      actionsTotal: sum(perpetratorActions),
      referrals: perpetratorReferrals,
      referralsTotal: sum(perpetratorReferrals),
    },
    firstContact: {
      bands: {
        within24Hours: opened.within_24,
        within72Hours: opened.within_72,
        after72Hours: opened.after_72,
        notYetReached: opened.not_reached,
        unknown: opened.unknown,
      },
      reached,
      medianHours: opened.median_hours === null ? null : Math.round(opened.median_hours * 10) / 10,
    },
  };
}
