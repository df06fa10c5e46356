import type { z } from 'zod';
import { validationProblem, type RequestPart } from './problem';

export function parseOrThrow<Schema extends z.ZodType>(schema: Schema, value: unknown, where: RequestPart): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, where);
  return parsed.data;
}
