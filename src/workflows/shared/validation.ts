import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';

export type RejectionType = 'InvalidCommand' | 'NotPermitted' | 'NotPossible';

/** Refuses an Update with a reason; the API maps the type to 400, 403 or 409. */
export function reject(type: RejectionType, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export function parseCommand<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    reject('InvalidCommand', parsed.error.issues.map((issue) => `${issue.path.join('.') || 'command'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}
