import { createHash } from 'node:crypto';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import { PgCaseDataKeys } from '../../src/privacy/case-keys';
import { AesGcmPayloadCodec, CodecKeyring } from '../../src/platform/temporal/codec';
import { caseIdOwningWorkflow } from '../../src/case/workflow-ids';
import { createDataConverter } from '../../src/platform/temporal/data-converter';

/**
 * A fixed key for tests only, derived from a public phrase: histories recorded by the tests (the
 * golden histories under test/golden) must stay decodable for replay. Never used outside tests.
 */
export const testKey = createHash('sha256').update('da-case-orchestrator: public test key, protects nothing').digest();

export const testKeyring = new CodecKeyring([{ id: 'public-test-key', key: testKey }]);

export const testDataConverter = createDataConverter(new AesGcmPayloadCodec(testKeyring, caseIdOwningWorkflow));

/** Each case's data key in the test database, wrapped by the test key (as the servers keep them). */
export const testCaseKeys = (pool: Pool): PgCaseDataKeys => new PgCaseDataKeys(pool, testKeyring);

/** The servers' converter: each case's payloads under its data key (in `pool`), the rest under the test key. */
export const caseKeyedDataConverter = (caseKeys: PgCaseDataKeys): DataConverter =>
  createDataConverter(new AesGcmPayloadCodec(testKeyring, caseIdOwningWorkflow, caseKeys));
