import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';

export type RejectionType = 'InvalidCommand' | 'NotPermitted' | 'NotPossible';

/** Why a business rule refuses an action, as a pure rule returns it. */
export interface Refusal {
  type: RejectionType;
  message: string;
}

/** Refuses an Update with a reason; the API maps the type to 400, 403 or 409. */
export function reject(type: RejectionType, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Refuses with the first refusal a rule found (its checks run in order), if any. */
export function rejectFirst(refusals: readonly Refusal[]): void {
  const [first] = refusals;
  if (first) reject(first.type, first.message);
}

export function parseCommand<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    reject(
      'InvalidCommand',
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'command'}: ${issue.message}`).join('; '),
    );
  }
  return parsed.data;
}
