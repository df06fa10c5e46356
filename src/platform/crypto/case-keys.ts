import { randomBytes } from 'node:crypto';
import type { CodecKeyring } from '../temporal/codec';
import { AES_KEY_BYTES, openAesGcm, sealAesGcm } from './aes-gcm';

/*
 * Envelope encryption: each case's payloads (its workflows' history, its notes and documents) are
 * sealed under a random data key of that case, and the data key is kept only wrapped (AES-256-GCM)
 * by the deployment's key-encryption key (the payload keyring's current key). Destroying a case's
 * wrapped key makes everything sealed under it unreadable everywhere, backups included
 * (crypto-shredding). Where the keys are kept is a domain's (src/privacy/case-keys.ts); platform
 * code sees only this interface.
 */

/** What a case's key is once it has been destroyed. */
export interface ErasedCaseKey {
  erased: true;
  erasedAt: Date;
}

export interface CaseDataKeys {
  /** The case's data key (created on first use), or the fact and date of its erasure. */
  keyFor(caseId: string): Promise<Buffer | ErasedCaseKey>;
  /** Forgets a key held in memory (the case was just erased). */
  forget?(caseId: string): void;
}

export const isErasedKey = (key: Buffer | ErasedCaseKey): key is ErasedCaseKey => !Buffer.isBuffer(key);

/** Thrown wherever a sealed value of an erased case is asked for: the answer is "erased on …", not a failure. */
export class CaseErasedError extends Error {
  override readonly name = 'CaseErasedError';
  constructor(
    readonly caseId: string,
    readonly erasedAt: Date,
  ) {
    super(`case ${caseId} was erased on ${erasedAt.toISOString()}: its data key is destroyed`);
  }
}

/** The case's data key; throws {@link CaseErasedError} when it was destroyed. */
export async function liveCaseKey(keys: CaseDataKeys, caseId: string): Promise<Buffer> {
  const key = await keys.keyFor(caseId);
  if (isErasedKey(key)) throw new CaseErasedError(caseId, key.erasedAt);
  return key;
}

export interface WrappedCaseKey {
  kekId: string;
  wrapped: Buffer;
}

const wrapBinding = (caseId: string, kekId: string): Buffer =>
  Buffer.from(JSON.stringify({ wrappedCaseKey: caseId.toLowerCase(), kekId }));

export const newCaseKey = (): Buffer => randomBytes(AES_KEY_BYTES);

/** Wraps a case's data key under the keyring's current key, bound to the case (a wrapped key copied to another case fails to unwrap). */
export function wrapCaseKey(keyring: CodecKeyring, caseId: string, key: Buffer): WrappedCaseKey {
  const kekId = keyring.currentKeyId;
  return { kekId, wrapped: sealAesGcm(keyring.keyFor(kekId)!, key, wrapBinding(caseId, kekId)) };
}

export class CaseKeyUnwrapError extends Error {
  override readonly name = 'CaseKeyUnwrapError';
}

/** Unwraps with the key it was wrapped by, current or retired: rotation keeps every old wrapped key readable. */
export function unwrapCaseKey(keyring: CodecKeyring, caseId: string, wrapped: WrappedCaseKey): Buffer {
  const kek = keyring.keyFor(wrapped.kekId);
  if (!kek)
    throw new CaseKeyUnwrapError(
      `the data key of case ${caseId} is wrapped by key id ${JSON.stringify(wrapped.kekId)}, which is not configured`,
    );
  const key = openAesGcm(kek, wrapped.wrapped, wrapBinding(caseId, wrapped.kekId));
  if (!key || key.length !== AES_KEY_BYTES)
    throw new CaseKeyUnwrapError(
      `the data key of case ${caseId} failed authentication with key id ${JSON.stringify(wrapped.kekId)}`,
    );
  return key;
}
