import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { isErasedKey } from '../../src/platform/crypto/case-keys';
import { PgCaseDataKeys } from '../../src/privacy/case-keys';
import { eraseCase } from '../../src/privacy/erasure';
import { eventually } from '../support/case-harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testKeyring } from '../support/test-keys';

/**
 * Each process caches unwrapped case keys for up to a minute. An erasure made by one process (the
 * API approving a request) reaches every other process's cache at once, through PostgreSQL's
 * LISTEN/NOTIFY, so no worker or API process goes on decrypting an erased case's payloads.
 */
describe('case keys cached in other processes', () => {
  let db: TestDatabase;
  let otherProcess: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    otherProcess = new Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await otherProcess?.end();
    await db?.drop();
  });

  it('are forgotten as soon as the case is erased elsewhere, while a cache that does not listen keeps its key', async () => {
    const listening = new PgCaseDataKeys(otherProcess, testKeyring);
    const stopListening = await listening.listenForErasures();
    const deaf = new PgCaseDataKeys(otherProcess, testKeyring);
    const caseId = randomUUID();
    const other = randomUUID();
    for (const keys of [listening, deaf]) {
      expect(isErasedKey(await keys.keyFor(caseId))).toBe(false);
      expect(isErasedKey(await keys.keyFor(other))).toBe(false);
    }

    await eraseCase(db.pool, {
      caseId,
      organisationId: 'kent-housing',
      reason: 'erasure_request',
      reference: 'request-1',
      actor: { staffId: 'lead-cai', role: 'da_lead' },
    });

    // well within the cache's minute: only the announcement can have told it
    await eventually(
      () => listening.keyFor(caseId),
      (key) => isErasedKey(key),
      10_000,
    );
    expect(isErasedKey(await deaf.keyFor(caseId))).toBe(false);
    expect(isErasedKey(await listening.keyFor(other))).toBe(false);
    await stopListening();
  });
});
