import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import {
  METADATA_ENCODING_KEY,
  type Payload,
  type PayloadCodec,
  type SerializationContext,
  ValueError,
  str,
  u8,
} from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { z } from 'zod';
import { AES_KEY_BYTES as KEY_BYTES, isLongEnoughToOpen, openAesGcm, sealAesGcm } from '../crypto/aes-gcm';
import { CaseErasedError, liveCaseKey, type CaseDataKeys } from '../crypto/case-keys';

/**
 * AES-256-GCM payload codec, so Temporal's history (and anyone who can read the server's
 * database) holds no plain personal data.
 *
 * Encoded payload:
 *   metadata: { encoding: 'binary/encrypted', 'encryption-key-id': <key id>, 'encryption-case-id': <case id> }
 *   data:     iv (12 bytes) || ciphertext || auth tag (16 bytes)
 * The plaintext is the whole original Payload serialised with `Payload.encode`, so its
 * metadata (encoding, message type) is hidden too.
 *
 * Need-to-know: a payload of a case's workflow (or of one of its children or activities; the
 * SDK's serialization context names the workflow) is labelled with the case id, so the codec
 * endpoint can decrypt it only for those who may read that case. The key id and the case id are
 * additional authenticated data: relabelling a payload with another key id or another case, or
 * removing its case, fails to decrypt, and a payload read for another case's workflow is refused.
 * Payloads encoded without a case (no context, or not a case's workflow) and those written before
 * case labels existed carry no case id and are authenticated by the key id alone; the workers
 * still read them, the codec endpoint never decrypts them.
 *
 * Envelope encryption (src/platform/crypto/case-keys.ts): given the case keys, a payload of a case is
 * sealed under that case's data key instead, marked `encryption-scheme: case-key` (no key id: the
 * case's wrapped key records which key-encryption key wraps it), authenticated with its case. Once
 * the case is erased (its key destroyed) such a payload no longer decodes anywhere: decoding answers
 * that the case was erased, and when. Payloads sealed under the keyring before (no scheme) keep
 * decoding as they did; payloads of no case stay under the keyring.
 */

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_ENCRYPTION_KEY_ID = 'encryption-key-id';
export const METADATA_ENCRYPTION_CASE_ID = 'encryption-case-id';
export const METADATA_ENCRYPTION_SCHEME = 'encryption-scheme';
/** The scheme of a payload sealed under its case's data key. */
export const CASE_KEY_SCHEME = 'case-key';
/** Environment variable holding the keys; see {@link parseCodecKeys}. */
export const PAYLOAD_ENCRYPTION_KEYS_ENV = 'PAYLOAD_ENCRYPTION_KEYS';
/** File name for generated development keys under the data dir; see {@link loadOrCreateDevKeys}. */
export const DEV_KEYS_FILE_NAME = 'payload-encryption-keys.json';

/** Ids go into payload metadata and error messages, so they are kept short and plain. */
const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

export class CodecKeyError extends Error {
  override readonly name = 'CodecKeyError';
}

export interface CodecKeyEntry {
  id: string;
  key: Uint8Array;
}

/**
 * The configured keys; the first is current (used to encode), all are used to decode.
 * Key material sits in a private field and is left out of JSON and `util.inspect`, so
 * logging a config object that holds a keyring cannot leak it.
 */
export class CodecKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly currentKeyId: string;

  constructor(entries: readonly CodecKeyEntry[]) {
    if (entries.length === 0) throw new CodecKeyError('no payload encryption keys given');
    const keys = new Map<string, Buffer>();
    for (const { id, key } of entries) {
      if (!KEY_ID_PATTERN.test(id)) {
        throw new CodecKeyError(
          'payload encryption key id must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit',
        );
      }
      if (keys.has(id)) throw new CodecKeyError(`payload encryption key id "${id}" is given more than once`);
      if (key.length !== KEY_BYTES) {
        throw new CodecKeyError(
          `payload encryption key "${id}" must be exactly ${KEY_BYTES} bytes (AES-256), got ${key.length}`,
        );
      }
      // Copy so a caller zeroing or reusing its buffer cannot change ours.
      keys.set(id, Buffer.from(key));
    }
    this.#keys = keys;
    this.currentKeyId = entries[0]!.id;
  }

  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  keyFor(id: string): Buffer | undefined {
    return this.#keys.get(id);
  }

  toJSON(): { currentKeyId: string; keyIds: string[] } {
    return { currentKeyId: this.currentKeyId, keyIds: this.keyIds };
  }

  [inspect.custom](): string {
    return `CodecKeyring { currentKeyId: '${this.currentKeyId}', keyIds: [${this.keyIds.map((id) => `'${id}'`).join(', ')}] }`;
  }
}

/**
 * Parses `PAYLOAD_ENCRYPTION_KEYS`: comma-separated `id:base64key` entries, current key first,
 * e.g. `key-2026-11:BASE64,key-2026-01:BASE64`. Each key is standard base64 of 32 random bytes
 * (`openssl rand -base64 32`). To rotate, put the new key first and keep the old ones after it
 * for as long as histories encrypted with them must stay readable.
 * Errors name the entry position or key id, never key material.
 */
export function parseCodecKeys(value: string): CodecKeyring {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new CodecKeyError(`${PAYLOAD_ENCRYPTION_KEYS_ENV} is empty; expected "keyId:base64Key[,keyId:base64Key...]"`);
  }
  return new CodecKeyring(
    entries.map((entry, index) => {
      const separator = entry.indexOf(':');
      // Without a separator the entry may be a bare key: report its position only.
      if (separator <= 0 || separator === entry.length - 1) {
        throw new CodecKeyError(
          `${PAYLOAD_ENCRYPTION_KEYS_ENV} entry ${index + 1} is not of the form "keyId:base64Key"`,
        );
      }
      const id = entry.slice(0, separator).trim();
      const encoded = entry.slice(separator + 1).trim();
      if (!KEY_ID_PATTERN.test(id)) {
        throw new CodecKeyError(
          `${PAYLOAD_ENCRYPTION_KEYS_ENV} entry ${index + 1}: key id must be 1-64 characters of letters, digits, ".", "_" or "-", starting with a letter or digit`,
        );
      }
      if (!BASE64_PATTERN.test(encoded)) {
        throw new CodecKeyError(`payload encryption key "${id}" is not valid base64`);
      }
      return { id, key: Buffer.from(encoded, 'base64') };
    }),
  );
}

/** Zod schema for the env value; parses to a {@link CodecKeyring}. Issues never carry key material. */
export const payloadEncryptionKeysSchema = z.string().transform((value, ctx): CodecKeyring => {
  try {
    return parseCodecKeys(value);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: error instanceof CodecKeyError ? error.message : 'invalid payload encryption keys',
    });
    return z.NEVER;
  }
});

/**
 * Local development only (no keys configured): reads the keyring stored in `file`, or creates
 * one random key there (mode 0600) on first use, so restarts can still read older histories.
 * The file holds `{ "PAYLOAD_ENCRYPTION_KEYS": "<same format as the env variable>" }`.
 */
export function loadOrCreateDevKeys(file: string): CodecKeyring {
  if (!fs.existsSync(file)) createDevKeysFile(file);
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  let stored: unknown;
  try {
    stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CodecKeyError(`development key file ${file} is not valid JSON`);
  }
  const value = (stored as Record<string, unknown> | null)?.[PAYLOAD_ENCRYPTION_KEYS_ENV];
  if (typeof value !== 'string') {
    throw new CodecKeyError(`development key file ${file} has no "${PAYLOAD_ENCRYPTION_KEYS_ENV}" string`);
  }
  try {
    return parseCodecKeys(value);
  } catch (error) {
    throw new CodecKeyError(`development key file ${file}: ${(error as Error).message}`);
  }
}

function createDevKeysFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const id = `dev-${new Date().toISOString().slice(0, 10)}`;
  const content = `${JSON.stringify({ [PAYLOAD_ENCRYPTION_KEYS_ENV]: `${id}:${randomBytes(KEY_BYTES).toString('base64')}` }, null, 2)}\n`;
  // Write a temporary file, then hard-link it into place: the link is atomic and fails if
  // another process won the race, so the key file is never half-written or overwritten.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(temporary);
  }
}

const caseIdSchema = z.uuid();

/**
 * The case a workflow belongs to, from its id (undefined for a workflow of no case). The case domain
 * owns how workflow ids derive from case ids; the entry points hand its rule to the codec.
 */
export type CaseOfWorkflow = (workflowId: string) => string | undefined;

/**
 * What an encrypted payload's metadata says it belongs to. A claim only: it is authenticated when
 * the payload decrypts. `plain`: not encrypted at all; `unbound`: encrypted without a case (see above).
 */
export type PayloadBinding =
  { kind: 'plain' } | { kind: 'unbound' } | { kind: 'case'; caseId: string } | { kind: 'malformed'; reason: string };

export function payloadBinding(payload: Payload): PayloadBinding {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  if (!encoding || str(encoding) !== ENCRYPTED_ENCODING) return { kind: 'plain' };
  const label = payload.metadata?.[METADATA_ENCRYPTION_CASE_ID];
  if (!label) return { kind: 'unbound' };
  const caseId = str(label);
  // A case id is a UUID: anything else was never written by this codec.
  if (!caseIdSchema.safeParse(caseId).success)
    return { kind: 'malformed', reason: `${METADATA_ENCRYPTION_CASE_ID} metadata is not a case id` };
  return { kind: 'case', caseId: caseId.toLowerCase() };
}

/** Authenticated with the ciphertext: the key id alone for an unbound payload (as before case labels), else key id and case. */
function additionalData(keyId: string, caseId: string | undefined): Uint8Array {
  // A key id never starts with "{", so the two forms cannot be mistaken for each other.
  return u8(caseId === undefined ? keyId : JSON.stringify({ keyId, caseId }));
}

/** Authenticated with a payload sealed under its case's data key. */
const caseKeyAdditionalData = (caseId: string): Uint8Array => u8(JSON.stringify({ scheme: CASE_KEY_SCHEME, caseId }));

const isCaseKeyed = (payload: Payload): boolean => {
  const scheme = payload.metadata?.[METADATA_ENCRYPTION_SCHEME];
  return scheme !== undefined && scheme !== null && str(scheme) === CASE_KEY_SCHEME;
};

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keyring: CodecKeyring,
    private readonly caseOfWorkflow: CaseOfWorkflow,
    /** each case's data key; unset, every payload is sealed under the keyring (and case-keyed ones cannot be read) */
    private readonly caseKeys?: CaseDataKeys,
  ) {}

  /** The case a serialization context's workflow belongs to; undefined without one, or for a workflow that is no case's. */
  private caseIdOfContext(context: SerializationContext | undefined): string | undefined {
    const caseId = context?.workflowId === undefined ? undefined : this.caseOfWorkflow(context.workflowId);
    return caseId !== undefined && caseIdSchema.safeParse(caseId).success ? caseId.toLowerCase() : undefined;
  }

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const keyId = this.keyring.currentKeyId;
    const key = this.keyring.keyFor(keyId)!;
    const caseId = this.caseIdOfContext(context);
    if (caseId !== undefined && this.caseKeys !== undefined) {
      const caseKey = await this.caseKeyOrValueError(caseId);
      return payloads.map((payload) => ({
        metadata: {
          [METADATA_ENCODING_KEY]: u8(ENCRYPTED_ENCODING),
          [METADATA_ENCRYPTION_SCHEME]: u8(CASE_KEY_SCHEME),
          [METADATA_ENCRYPTION_CASE_ID]: u8(caseId),
        },
        data: sealAesGcm(
          caseKey,
          temporal.api.common.v1.Payload.encode(payload).finish(),
          caseKeyAdditionalData(caseId),
        ),
      }));
    }
    return payloads.map((payload) => {
      const plaintext = temporal.api.common.v1.Payload.encode(payload).finish();
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: u8(ENCRYPTED_ENCODING),
          [METADATA_ENCRYPTION_KEY_ID]: u8(keyId),
          ...(caseId === undefined ? {} : { [METADATA_ENCRYPTION_CASE_ID]: u8(caseId) }),
        },
        data: sealAesGcm(key, plaintext, additionalData(keyId, caseId)),
      };
    });
  }

  /**
   * With a context, a payload labelled with a case decodes only for that case's workflows: a payload
   * copied into another case's history is refused rather than read as that case's data.
   */
  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const contextCaseId = this.caseIdOfContext(context);
    const decoded: Payload[] = [];
    for (const payload of payloads) decoded.push(await this.decodeOne(payload, context, contextCaseId));
    return decoded;
  }

  /** The case's data key; a destroyed one is a ValueError saying when the case was erased. */
  private async caseKeyOrValueError(caseId: string): Promise<Buffer> {
    if (this.caseKeys === undefined)
      throw new ValueError(`payload of case ${caseId} is sealed under its case key, and no case keys are configured`);
    try {
      return await liveCaseKey(this.caseKeys, caseId);
    } catch (error) {
      if (error instanceof CaseErasedError) throw new ValueError(error.message, error);
      throw error;
    }
  }

  private async decodeOne(
    payload: Payload,
    context: SerializationContext | undefined,
    contextCaseId: string | undefined,
  ): Promise<Payload> {
    const binding = payloadBinding(payload);
    if (binding.kind === 'malformed') throw new ValueError(`encrypted payload is not valid: ${binding.reason}`);
    const caseId = binding.kind === 'case' ? binding.caseId : undefined;
    // A case's payloads written before case keys (plain, or under the keyring) cannot be shredded:
    // once the case is erased they are refused here, as its case-keyed ones are everywhere.
    const ownerCaseId = caseId ?? contextCaseId;
    if (!isCaseKeyed(payload) && ownerCaseId !== undefined && this.caseKeys !== undefined)
      await this.caseKeyOrValueError(ownerCaseId);
    // Histories written before encryption was enabled stay readable.
    if (binding.kind === 'plain') return payload;
    if (caseId !== undefined && context?.workflowId !== undefined && caseId !== contextCaseId) {
      throw new ValueError(
        `encrypted payload belongs to case ${caseId}, not to ${contextCaseId === undefined ? 'a workflow outside any case' : `case ${contextCaseId}`} it is read for`,
      );
    }

    if (isCaseKeyed(payload)) {
      if (caseId === undefined) throw new ValueError('encrypted payload is sealed under a case key but names no case');
      const caseKey = await this.caseKeyOrValueError(caseId);
      const data = payload.data;
      const plaintext = data ? openAesGcm(caseKey, data, caseKeyAdditionalData(caseId)) : undefined;
      if (!plaintext)
        throw new ValueError(
          `encrypted payload failed authentication with the data key of case ${caseId} (tampered, relabelled or corrupted)`,
        );
      return temporal.api.common.v1.Payload.decode(plaintext);
    }

    const keyIdBytes = payload.metadata?.[METADATA_ENCRYPTION_KEY_ID];
    if (!keyIdBytes) throw new ValueError(`encrypted payload has no ${METADATA_ENCRYPTION_KEY_ID} metadata`);
    const keyId = str(keyIdBytes);
    // The id comes from stored data: quote it via JSON so odd characters cannot mislead.
    const shownId = JSON.stringify(keyId.slice(0, 64));
    const key = this.keyring.keyFor(keyId);
    if (!key) {
      throw new ValueError(
        `payload is encrypted with key id ${shownId}, which is not configured (known: ${this.keyring.keyIds.join(', ')}); ` +
          `add it to ${PAYLOAD_ENCRYPTION_KEYS_ENV} after the current key`,
      );
    }
    const data = payload.data;
    if (!data || !isLongEnoughToOpen(data)) {
      throw new ValueError(`encrypted payload (key id ${shownId}) is too short to be valid`);
    }
    const plaintext = openAesGcm(key, data, additionalData(keyId, caseId));
    if (!plaintext) {
      throw new ValueError(
        `encrypted payload failed authentication with key id ${shownId}${caseId === undefined ? '' : ` for case ${caseId}`} ` +
          '(tampered, relabelled, corrupted, or wrong key material for that id)',
      );
    }
    return temporal.api.common.v1.Payload.decode(plaintext);
  }
}
