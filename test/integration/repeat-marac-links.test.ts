import { randomUUID } from 'node:crypto';
import { createMaracRegistryActivities } from '../../src/children/marac/activities';
import { linkCase } from '../../src/case/repository';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** Repeat-MARAC detection counts a reopened case's earlier referrals and those of linked cases. */
describe('repeat MARAC detection across reopened and linked cases', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const organisationId = 'stonewater';
  const register = (caseId: string, survivorReference: string, referredAt: string) =>
    createMaracRegistryActivities(db.pool).registerMaracReferral({
      referralId: randomUUID(),
      caseId,
      organisationId,
      survivorReference,
      referredAt,
    });

  it('counts the referral of the earlier run of the same (reopened) case', async () => {
    const caseId = randomUUID();
    expect(await register(caseId, 'REF-REOPEN-1', '2031-01-10T10:00:00.000Z')).toEqual({ repeat: false });
    expect(await register(caseId, 'REF-REOPEN-1', '2031-05-10T10:00:00.000Z')).toEqual({
      repeat: true,
      previousReferralAt: '2031-01-10T10:00:00.000Z',
    });
  });

  it('counts a linked case’s referral, however the survivor was referenced on it, either way and along a chain', async () => {
    const [earliest, earlier, later, unlinked] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await register(earliest, 'REF-OLD-TENANCY', '2031-02-01T10:00:00.000Z');
    await linkCase(db.pool, { caseId: earlier, linkedToCaseId: earliest, organisationId, linkedBy: 'mgr-bea' });
    await linkCase(db.pool, { caseId: later, linkedToCaseId: earlier, organisationId, linkedBy: 'mgr-bea' });
    expect(await register(later, 'REF-NEW-TENANCY', '2031-06-01T10:00:00.000Z')).toEqual({
      repeat: true,
      previousReferralAt: '2031-02-01T10:00:00.000Z',
    });
    // an unlinked case of another reference does not count
    expect(await register(unlinked, 'REF-SOMEONE-ELSE', '2031-06-02T10:00:00.000Z')).toEqual({ repeat: false });
  });
});
