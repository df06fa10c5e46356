import { randomBytes, randomUUID } from 'node:crypto';
import { defaultPayloadConverter, str, type SerializationContext } from '@temporalio/common';
import {
  CaseErasedError,
  CaseKeyUnwrapError,
  newCaseKey,
  unwrapCaseKey,
  wrapCaseKey,
  type CaseDataKeys,
  type ErasedCaseKey,
} from '../../src/platform/crypto/case-keys';
import {
  CASE_KEY_RECORD_ID,
  recordOpenerFor,
  sealCaseRecord,
  sealRecord,
  RecordUnreadableError,
} from '../../src/platform/crypto/records';
import { AesGcmPayloadCodec, CodecKeyring } from '../../src/platform/temporal/codec';
import { caseWorkflowId } from '../../src/case/state';
import { caseIdOwningWorkflow } from '../../src/case/workflow-ids';

const kek = (id: string) => ({ id, key: randomBytes(32) });
const kekJanuary = kek('kek-2026-01');
const kekNovember = kek('kek-2026-11');

/** Case keys kept in memory, as the PostgreSQL ones behave: created on first use, destroyed by `erase`. */
class MemoryCaseKeys implements CaseDataKeys {
  readonly keys = new Map<string, Buffer | ErasedCaseKey>();
  async keyFor(caseId: string): Promise<Buffer | ErasedCaseKey> {
    if (!this.keys.has(caseId)) this.keys.set(caseId, newCaseKey());
    return this.keys.get(caseId)!;
  }
  erase(caseId: string, erasedAt: Date): void {
    this.keys.set(caseId, { erased: true, erasedAt });
  }
}

describe('wrapping a case data key by the key-encryption key', () => {
  const caseId = randomUUID();

  it('unwraps after the KEK is rotated, while the old KEK stays configured', () => {
    const dataKey = newCaseKey();
    const wrapped = wrapCaseKey(new CodecKeyring([kekJanuary]), caseId, dataKey);
    expect(wrapped.kekId).toBe('kek-2026-01');
    expect(wrapped.wrapped.includes(dataKey)).toBe(false);
    const rotated = new CodecKeyring([kekNovember, kekJanuary]);
    expect(unwrapCaseKey(rotated, caseId, wrapped)).toEqual(dataKey);
    // a key created after the rotation is wrapped by the new KEK
    expect(wrapCaseKey(rotated, caseId, dataKey).kekId).toBe('kek-2026-11');
  });

  it('refuses to unwrap once the old KEK is removed, or for another case', () => {
    const wrapped = wrapCaseKey(new CodecKeyring([kekJanuary]), caseId, newCaseKey());
    expect(() => unwrapCaseKey(new CodecKeyring([kekNovember]), caseId, wrapped)).toThrow(/not configured/);
    expect(() => unwrapCaseKey(new CodecKeyring([kekJanuary]), randomUUID(), wrapped)).toThrow(CaseKeyUnwrapError);
  });
});

describe('payloads sealed under their case key', () => {
  const keyring = new CodecKeyring([kekNovember, kekJanuary]);
  const caseKeys = new MemoryCaseKeys();
  const codec = new AesGcmPayloadCodec(keyring, caseIdOwningWorkflow, caseKeys);
  const of = (caseId: string): SerializationContext => ({
    type: 'workflow',
    namespace: 'default',
    workflowId: caseWorkflowId(caseId),
  });
  const value = { survivor: 'Fictional Person' };

  it('are marked case-key, carry their case and no keyring key id, and decode with and without a context', async () => {
    const caseId = randomUUID();
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(value)], of(caseId));
    expect(str(encoded!.metadata!['encryption-scheme']!)).toBe('case-key');
    expect(str(encoded!.metadata!['encryption-case-id']!)).toBe(caseId);
    expect(encoded!.metadata!['encryption-key-id']).toBeUndefined();
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded!], of(caseId)))[0]!)).toEqual(value);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([encoded!]))[0]!)).toEqual(value);
    await expect(codec.decode([encoded!], of(randomUUID()))).rejects.toThrow(/belongs to case/);
  });

  it('stay under the keyring for a workflow of no case, and keyring payloads written before stay readable', async () => {
    const [unbound] = await codec.encode([defaultPayloadConverter.toPayload(value)], {
      type: 'workflow',
      namespace: 'default',
      workflowId: 'reporting-pack-kent',
    });
    expect(str(unbound!.metadata!['encryption-key-id']!)).toBe('kek-2026-11');
    const caseId = randomUUID();
    const before = new AesGcmPayloadCodec(new CodecKeyring([kekJanuary]), caseIdOwningWorkflow);
    const [old] = await before.encode([defaultPayloadConverter.toPayload(value)], of(caseId));
    expect(defaultPayloadConverter.fromPayload((await codec.decode([old!], of(caseId)))[0]!)).toEqual(value);
  });

  it('no longer decode once the case is erased, saying when', async () => {
    const caseId = randomUUID();
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(value)], of(caseId));
    caseKeys.erase(caseId, new Date('2032-05-01T02:00:00Z'));
    await expect(codec.decode([encoded!], of(caseId))).rejects.toThrow(
      `case ${caseId} was erased on 2032-05-01T02:00:00.000Z`,
    );
    await expect(codec.encode([defaultPayloadConverter.toPayload(value)], of(caseId))).rejects.toThrow(/erased/);
  });

  it('written before case keys (under the keyring, labelled or not, or plain) are refused too once the case is erased', async () => {
    const caseId = randomUUID();
    const before = new AesGcmPayloadCodec(new CodecKeyring([kekJanuary]), caseIdOwningWorkflow);
    const [labelled] = await before.encode([defaultPayloadConverter.toPayload(value)], of(caseId));
    const [unbound] = await before.encode([defaultPayloadConverter.toPayload(value)]);
    const plain = defaultPayloadConverter.toPayload(value);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([labelled!]))[0]!)).toEqual(value);
    expect(defaultPayloadConverter.fromPayload((await codec.decode([unbound!], of(caseId)))[0]!)).toEqual(value);
    caseKeys.erase(caseId, new Date('2032-05-01T02:00:00Z'));
    const erased = `case ${caseId} was erased on 2032-05-01T02:00:00.000Z`;
    await expect(codec.decode([labelled!])).rejects.toThrow(erased);
    await expect(codec.decode([unbound!], of(caseId))).rejects.toThrow(erased);
    await expect(codec.decode([plain], of(caseId))).rejects.toThrow(erased);
    // another case's, and a payload of no case, still decode
    expect(defaultPayloadConverter.fromPayload((await codec.decode([unbound!]))[0]!)).toEqual(value);
  });
});

describe('records sealed under their case key', () => {
  const keyring = new CodecKeyring([kekNovember]);
  it('open as the record of that case, and as nothing once the case is erased', async () => {
    const caseKeys = new MemoryCaseKeys();
    const keys = { keyring, caseKeys };
    const caseId = randomUUID();
    const record = await sealCaseRecord(keys, caseId, Buffer.from('a fictional note'), `note:1:${caseId}`);
    expect(record.keyId).toBe(CASE_KEY_RECORD_ID);
    const legacy = sealRecord(keyring, Buffer.from('written before case keys'), `note:0:${caseId}`);
    const open = await recordOpenerFor(keys, caseId);
    expect(open(record, `note:1:${caseId}`).toString()).toBe('a fictional note');
    expect(open(legacy, `note:0:${caseId}`).toString()).toBe('written before case keys');
    expect(() => open(record, `note:2:${caseId}`)).toThrow(RecordUnreadableError);

    caseKeys.erase(caseId, new Date('2032-05-01T02:00:00Z'));
    const afterErasure = await recordOpenerFor(keys, caseId);
    expect(() => afterErasure(record, `note:1:${caseId}`)).toThrow(CaseErasedError);
    expect(() => afterErasure(legacy, `note:0:${caseId}`)).toThrow(/erased on 2032-05-01/);
    await expect(sealCaseRecord(keys, caseId, Buffer.from('x'), 'y')).rejects.toThrow(CaseErasedError);
  });
});
