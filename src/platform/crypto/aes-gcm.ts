import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * AES-256-GCM as this product stores it: iv (12 bytes) || ciphertext || auth tag (16 bytes), with
 * additional authenticated data binding the ciphertext to what it belongs to (a key id, a case).
 * The payload codec and the records kept in PostgreSQL (notes, documents) both seal this way.
 */

const CIPHER = 'aes-256-gcm';
export const AES_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealAesGcm(key: Buffer, plaintext: Uint8Array, additionalData: Uint8Array): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, ciphertext, cipher.getAuthTag()]);
}

export const isLongEnoughToOpen = (sealed: Uint8Array): boolean => sealed.length >= IV_BYTES + TAG_BYTES;

/** The plaintext, or undefined when the data fails authentication (tampered, relabelled, wrong key). */
export function openAesGcm(key: Buffer, sealed: Uint8Array, additionalData: Uint8Array): Buffer | undefined {
  if (!isLongEnoughToOpen(sealed)) return undefined;
  const iv = sealed.subarray(0, IV_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const ciphertext = sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}
