import { randomBytes } from 'node:crypto';
import { createHash } from 'node:crypto';
import { keyedFingerprint, openRecord, RecordUnreadableError, sealRecord } from '../../src/platform/crypto/records';
import { CodecKeyring } from '../../src/platform/temporal/codec';

const oldKey = { id: 'key-2026-01', key: randomBytes(32) };
const newKey = { id: 'key-2026-11', key: randomBytes(32) };
const plaintext = Buffer.from('fictional words');

describe('records sealed outside Temporal', () => {
  it('opens only as the record it was sealed for', () => {
    const keyring = new CodecKeyring([newKey]);
    const record = sealRecord(keyring, plaintext, 'case-note:1:case:a');
    expect(record.keyId).toBe('key-2026-11');
    expect(record.sealed.includes(plaintext)).toBe(false);
    expect(openRecord(keyring, record, 'case-note:1:case:a')).toEqual(plaintext);
    expect(() => openRecord(keyring, record, 'case-note:1:case:b')).toThrow(RecordUnreadableError);
  });

  it('keeps records sealed under an older key readable after rotation, and names a missing key without content', () => {
    const before = sealRecord(new CodecKeyring([oldKey]), plaintext, 'r');
    expect(openRecord(new CodecKeyring([newKey, oldKey]), before, 'r')).toEqual(plaintext);
    expect(() => openRecord(new CodecKeyring([newKey]), before, 'r')).toThrow(
      'a record is sealed with key id "key-2026-01", which is not configured',
    );
  });

  it('refuses a record whose bytes were changed', () => {
    const keyring = new CodecKeyring([newKey]);
    const record = sealRecord(keyring, plaintext, 'r');
    record.sealed[14]! ^= 1;
    expect(() => openRecord(keyring, record, 'r')).toThrow(/failed authentication/);
  });

  it('fingerprints content under the key, so a guess at short text cannot be checked against it', () => {
    const keyring = new CodecKeyring([newKey]);
    const print = keyedFingerprint(keyring, 'No answer.');
    expect(print).toBe(keyedFingerprint(keyring, 'No answer.'));
    expect(print).not.toBe(createHash('sha256').update('No answer.').digest('hex'));
    expect(print).not.toBe(keyedFingerprint(new CodecKeyring([oldKey]), 'No answer.'));
  });
});
