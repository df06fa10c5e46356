import { z } from 'zod';

/**
 * Plumbing for documenting what the workflows' Updates and Queries answer as zod schemas: the
 * pieces every such schema shares, and the compile-time check that a schema covers its type.
 */

export const at = z.string().describe('an ISO 8601 timestamp');

/** Who recorded an action, and when. */
export const byWhomAndWhen = { at, by: z.string() };

// A documented type must be a valid value of its schema and have no top-level field the schema
// lacks (a valid value may have extra fields), so the documentation covers what is returned.
type UndocumentedFields<Schema extends z.ZodType, Returned> = Exclude<keyof Returned, keyof z.output<Schema>>;

/** Fails `tsc` until Schema documents every top-level field of Returned. */
export type Covers<
  Schema extends z.ZodType,
  Returned extends z.output<Schema> &
    ([UndocumentedFields<Schema, Returned>] extends [never]
      ? unknown
      : { undocumented: UndocumentedFields<Schema, Returned> }),
> = Returned;
