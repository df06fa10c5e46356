import { z } from 'zod';

/**
 * The bound of a field that had none before text was bounded: running cases may hold text up to the
 * API's 64 kB body limit there, and their histories must replay, so a tighter bound needs patched().
 */
export const RECORDED_TEXT_MAX = 64 * 1024;

/** The most a rationale or reason a new command records holds: a page of writing. */
export const REASONING_TEXT_MAX = 4000;
/** The most the name of an agency or organisation holds. */
export const AGENCY_NAME_MAX = 200;

/** What a text too long is told, whichever bound it passed. */
export const keepItTo = (max: number): string => `keep it to ${max} characters`;
/** What a list too long is told: `name at most 30 repairs or security measures`. */
export const nameAtMost = (max: number, what: string): string => `name at most ${max} ${what}`;

export const NUL_REFUSAL = 'must not contain the NUL character (U+0000)';

/**
 * Text from outside: trimmed, between min and max characters, and never NUL (PostgreSQL text cannot
 * hold it). Every command schema uses it, so the API, the CLI and any other workflow client are held
 * to the same rule.
 */
export function boundedText(max: number, options: { min?: number; message?: string; missing?: string } = {}) {
  const { min = 1, message, missing = message } = options;
  return (
    z
      .string(missing ? { error: missing } : undefined)
      // eslint-disable-next-line no-control-regex -- refusing NUL is the point
      .regex(/^[^\u0000]*$/, NUL_REFUSAL)
      .trim()
      .min(min, message)
      // its own message: the schema-wide one (missing) would tell a writer who wrote too much to write more
      .max(max, keepItTo(max))
  );
}
