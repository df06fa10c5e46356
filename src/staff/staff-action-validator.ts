import type { z } from 'zod';
import { parseCommand, reject } from '../platform/workflow/validation';
import { CASEWORK_ROLES, type Actor } from './staff';

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
