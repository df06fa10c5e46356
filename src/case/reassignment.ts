import type { Request } from 'express';
import { currentUser } from '../platform/auth';
import type { ApiDependencies } from '../platform/http/dependencies';
import { HttpProblem } from '../platform/http/problem';
import { directoryLookup } from '../directory/lookup';
import { CASEWORK_ROLES } from '../staff/staff';
import type { ReassignCaseCommand } from './commands';

/**
 * What the workflow needs to know of the officer a case passes to, from the directory as it is now:
 * they must be there, present, and hold cases; their gender is checked against the survivor's request.
 */
export async function newOfficerFromDirectory(
  deps: ApiDependencies,
  req: Request,
  command: ReassignCaseCommand,
): Promise<Pick<ReassignCaseCommand, 'toOfficer'>> {
  const person = await directoryLookup(deps.pool, currentUser(req).organisationId).person(command.toOfficerId);
  const unavailable = !person
    ? 'is not in your organisation’s staff directory'
    : !person.active
      ? 'has left (the directory records them as not active)'
      : person.absent
        ? 'is recorded as absent: reassign to someone present, or mark them back first'
        : !(CASEWORK_ROLES as readonly string[]).includes(person.role)
          ? `is a ${person.role}, a role that does not hold cases`
          : undefined;
  if (unavailable !== undefined)
    throw new HttpProblem({
      type: 'staff-not-available',
      detail: `${command.toOfficerId} ${unavailable}`,
      errors: [{ field: 'body.toOfficerId', message: unavailable }],
    });
  return { toOfficer: { gender: person!.gender } };
}
