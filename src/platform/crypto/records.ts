import { createHmac } from 'node:crypto';
import type { CodecKeyring } from '../temporal/codec';
import { openAesGcm, sealAesGcm } from './aes-gcm';

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
