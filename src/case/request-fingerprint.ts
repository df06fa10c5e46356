import { createHash } from 'node:crypto';

/**
 * A request's content as a hash, stable over key order: a retried request with the same content
 * has the same fingerprint, so reusing an Idempotency-Key for something else can be told apart.
 */
export function requestFingerprint(value: unknown): string {
  const canonical = JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
  return createHash('sha256').update(canonical).digest('hex');
}
