import type { z } from 'zod';
import { validationProblem } from './problem';

export function parseOrThrow<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: 'body' | 'query' | 'path' | 'header',
): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, where);
  return parsed.data;
}
