import { createHmac } from 'node:crypto';
import type { CodecKeyring } from '../temporal/codec';
import { openAesGcm, sealAesGcm } from './aes-gcm';
import { CaseErasedError, isErasedKey, liveCaseKey, type CaseDataKeys } from './case-keys';

/**
 * Personal data the product keeps outside Temporal (case notes, documents), sealed under the
 * deployment's payload keys (the current one seals; every configured one opens, so rotating keys
 * keeps old records readable). Each record is bound to what it is (`boundTo`, e.g. the note and its
 * case): a sealed value copied onto another record fails to open.
 */
export interface SealedRecord {
  keyId: string;
  sealed: Buffer;
}

export class RecordUnreadableError extends Error {
  override readonly name = 'RecordUnreadableError';
}

const boundData = (keyId: string, boundTo: string): Buffer => Buffer.from(JSON.stringify({ keyId, boundTo }));

export function sealRecord(keyring: CodecKeyring, plaintext: Uint8Array, boundTo: string): SealedRecord {
  const keyId = keyring.currentKeyId;
  return { keyId, sealed: sealAesGcm(keyring.keyFor(keyId)!, plaintext, boundData(keyId, boundTo)) };
}

/**
 * A fingerprint of a record's content for telling a retried request from another one, keyed by the
 * current key: a plain hash of short text kept beside it could be confirmed by guessing.
 */
export function keyedFingerprint(keyring: CodecKeyring, canonical: string): string {
  return createHmac('sha256', keyring.keyFor(keyring.currentKeyId)!).update(canonical).digest('hex');
}

/** The plaintext; throws naming the key id (never any content) when it cannot be opened. */
export function openRecord(keyring: CodecKeyring, record: SealedRecord, boundTo: string): Buffer {
  const key = keyring.keyFor(record.keyId);
  if (!key)
    throw new RecordUnreadableError(
      `a record is sealed with key id ${JSON.stringify(record.keyId)}, which is not configured`,
    );
  const plaintext = openAesGcm(key, record.sealed, boundData(record.keyId, boundTo));
  if (!plaintext)
    throw new RecordUnreadableError(`a record failed authentication with key id ${JSON.stringify(record.keyId)}`);
  return plaintext;
}

/** The key id a record sealed under its case's data key carries: never a configured key id (":" is not allowed in one). */
export const CASE_KEY_RECORD_ID = 'case-key:v1';

/** What seals a case's records: its data key when case keys are given, else (as before) the keyring. */
export interface RecordKeys {
  keyring: CodecKeyring;
  caseKeys?: CaseDataKeys;
}

/** Seals a record of a case under the case's data key (throws {@link CaseErasedError} once the case is erased). */
export async function sealCaseRecord(
  keys: RecordKeys,
  caseId: string,
  plaintext: Uint8Array,
  boundTo: string,
): Promise<SealedRecord> {
  if (keys.caseKeys === undefined) return sealRecord(keys.keyring, plaintext, boundTo);
  const key = await liveCaseKey(keys.caseKeys, caseId);
  return { keyId: CASE_KEY_RECORD_ID, sealed: sealAesGcm(key, plaintext, boundData(CASE_KEY_RECORD_ID, boundTo)) };
}

/** Opens one record of the case (a note, a document), as {@link recordOpenerFor} found its key. */
export type RecordOpener = (record: SealedRecord, boundTo: string) => Buffer;

/**
 * What opens the records of one case: those sealed under its data key and (written before case keys)
 * those sealed under the keyring. Once the case is erased, none opens: each throws {@link CaseErasedError}.
 */
export async function recordOpenerFor(keys: RecordKeys, caseId: string): Promise<RecordOpener> {
  const caseKey = keys.caseKeys === undefined ? undefined : await keys.caseKeys.keyFor(caseId);
  return (record, boundTo) => {
    if (caseKey !== undefined && isErasedKey(caseKey)) throw new CaseErasedError(caseId, caseKey.erasedAt);
    if (record.keyId !== CASE_KEY_RECORD_ID) return openRecord(keys.keyring, record, boundTo);
    if (caseKey === undefined)
      throw new RecordUnreadableError('a record is sealed under its case key, and no case keys are configured');
    const plaintext = openAesGcm(caseKey, record.sealed, boundData(CASE_KEY_RECORD_ID, boundTo));
    if (!plaintext) throw new RecordUnreadableError('a record failed authentication with its case key');
    return plaintext;
  };
}
