import { ApplicationFailure } from '@temporalio/workflow';
import type { z } from 'zod';
import { CASEWORK_ROLES, type Actor } from '../../staff/staff';

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

/** Auditors read, partners answer their own callbacks, admins administer: only casework roles act on a case. */
export function assertCaseworkRole(actor: Actor): void {
  if (!(CASEWORK_ROLES as readonly string[]).includes(actor.role))
    reject('NotPermitted', `the ${actor.role} role cannot act on a case`);
}

/**
 * An Update validator for a staff action: the workflow is still active (and can take the raw
 * command), the command is well formed, the actor holds a casework role, and the action's own
 * precondition holds.
 */
export function staffActionValidator(assertActive: (raw: unknown) => void) {
  return <Schema extends z.ZodType<{ actor: Actor }>>(schema: Schema, check?: (command: z.infer<Schema>) => void) =>
    (raw: unknown): void => {
      assertActive(raw);
      const command = parseCommand(schema, raw);
      assertCaseworkRole(command.actor);
      check?.(command);
    };
}
