import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';

export type RejectionType = 'InvalidCommand' | 'NotPermitted' | 'NotPossible';

/** Why a business rule refuses an action, as a pure rule returns it. */
export interface Refusal {
  type: RejectionType;
  message: string;
  /** the command field at fault (`measures.2.option`), which the API names as `body.measures.2.option` */
  field?: string;
}

/** What a refusal carries beside its message: the field at fault, if the rule knows it. */
export interface RefusalDetails {
  field: string;
}

/** Refuses an Update with a reason; the API maps the type to 400, 403 or 409. */
export function reject(type: RejectionType, message: string, field?: string): never {
  const details: RefusalDetails[] | undefined = field === undefined ? undefined : [{ field }];
  throw ApplicationFailure.create({ type, message, nonRetryable: true, ...(details && { details }) });
}

/** Refuses with the first refusal a rule found (its checks run in order), if any. */
export function rejectFirst(refusals: readonly Refusal[]): void {
  const [first] = refusals;
  if (first) reject(first.type, first.message, first.field);
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
