import { z } from 'zod';

export const NUL_REFUSAL = 'must not contain the NUL character (U+0000)';

/**
 * Text from outside: trimmed, between min and max characters, and never NUL (PostgreSQL text cannot
 * hold it). Every command schema uses it, so the API, the CLI and any other workflow client are held
 * to the same rule.
 */
export function boundedText(max: number, options: { min?: number; message?: string; missing?: string } = {}) {
  const { min = 1, message, missing = message } = options;
  return z
    .string(missing ? { error: missing } : undefined)
    .regex(/^[^\u0000]*$/, NUL_REFUSAL)
    .trim()
    .min(min, message)
    .max(max);
}
