import { createHash } from 'node:crypto';
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
