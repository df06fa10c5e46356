import { randomUUID } from 'node:crypto';
import { recordCaseReportFacts } from '../../src/reporting/facts-repository';
import type { CaseReportFacts } from '../../src/reporting/facts';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** The projectCase activity's report-facts write: retried, replayed or late, it never goes back or doubles. */
describe('case report facts in PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const caseId = randomUUID();
  const facts = (overrides: Partial<CaseReportFacts> = {}): CaseReportFacts => ({
    channel: 'phone',
    reporter: 'survivor',
    firstContactAt: null,
    closedAt: null,
    safeguardingConcern: true,
    followsEarlierCase: false,
    events: [],
    ...overrides,
  });
  const write = (stateVersion: number, report: CaseReportFacts) =>
    recordCaseReportFacts(db.pool, { caseId, organisationId: 'kent-housing', stateVersion }, report);
  const stored = async () => ({
    row: (await db.pool.query('SELECT first_contact_at, closed_at, state_version FROM case_report_facts')).rows,
    events: (await db.pool.query('SELECT source, ordinal, kind FROM case_report_events ORDER BY source, ordinal')).rows,
  });

  it('a newer state wins, an older or repeated one changes nothing, each event is stored once', async () => {
    const referral = {
      source: 'safeguarding_referral' as const,
      ordinal: 0,
      kind: 'child',
      at: '2026-11-02T10:00:00Z',
    };
    await write(1, facts());
    await write(3, facts({ firstContactAt: '2026-11-01T12:00:00Z', events: [referral] }));
    await write(3, facts({ firstContactAt: '2026-11-01T12:00:00Z', events: [referral] }));
    await write(2, facts({ events: [] }));
    const action = { source: 'perpetrator_action' as const, ordinal: 0, kind: 'dapp', at: '2026-11-03T10:00:00Z' };
    await write(
      4,
      facts({ firstContactAt: '2026-11-01T12:00:00Z', closedAt: '2026-11-20T10:00:00Z', events: [referral, action] }),
    );
    expect(await stored()).toEqual({
      row: [
        {
          first_contact_at: new Date('2026-11-01T12:00:00Z'),
          closed_at: new Date('2026-11-20T10:00:00Z'),
          state_version: 4,
        },
      ],
      events: [
        { source: 'perpetrator_action', ordinal: 0, kind: 'dapp' },
        { source: 'safeguarding_referral', ordinal: 0, kind: 'child' },
      ],
    });
  });
});
