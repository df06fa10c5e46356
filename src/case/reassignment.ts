import type { Request } from 'express';
import { currentUser } from '../platform/auth';
import type { ApiDependencies } from '../platform/http/dependencies';
import { HttpProblem } from '../platform/http/problem';
import { directoryLookup } from '../directory/lookup';
import { CASEWORK_ROLES } from '../staff/staff';
import type { PerpetratorActionCommand, ReassignCaseCommand } from './commands';

type DirectoryPerson = NonNullable<Awaited<ReturnType<ReturnType<typeof directoryLookup>['person']>>>;

/** Why this person cannot take the work, in words for the field; undefined when they can. */
function unavailability(person: DirectoryPerson | undefined, holdsCases: boolean): string | undefined {
  if (!person) return 'is not in your organisation’s staff directory';
  if (!person.active) return 'has left (the directory records them as not active)';
  if (person.absent) return 'is recorded as absent: give it to someone present, or mark them back first';
  if (holdsCases && !(CASEWORK_ROLES as readonly string[]).includes(person.role))
    return `is a ${person.role}, a role that does not hold cases`;
  return undefined;
}

/** The directory's entry for a member of staff named in a command, or 422 naming the field when they cannot take the work. */
async function availableStaff(
  deps: ApiDependencies,
  req: Request,
  staffId: string,
  field: string,
  holdsCases: boolean,
): Promise<DirectoryPerson> {
  const person = await directoryLookup(deps.pool, currentUser(req).organisationId).person(staffId);
  const unavailable = unavailability(person, holdsCases);
  if (unavailable !== undefined)
    throw new HttpProblem({
      type: 'staff-not-available',
      detail: `${staffId} ${unavailable}`,
      errors: [{ field, message: unavailable }],
    });
  return person!;
}

/**
 * What the workflow needs to know of the officer a case passes to, from the directory as it is now:
 * they must be there, present, and hold cases; their gender is checked against the survivor's request.
 */
export async function newOfficerFromDirectory(
  deps: ApiDependencies,
  req: Request,
  command: ReassignCaseCommand,
): Promise<Pick<ReassignCaseCommand, 'toOfficer'>> {
  const person = await availableStaff(deps, req, command.toOfficerId, 'body.toOfficerId', true);
  return { toOfficer: { gender: person.gender } };
}

/** A perpetrator action owned by a member of staff: they must be in the directory, active and present. */
export async function actionOwnerInDirectory(
  deps: ApiDependencies,
  req: Request,
  command: PerpetratorActionCommand,
): Promise<Record<string, never>> {
  if (command.owner.staffId !== undefined)
    await availableStaff(deps, req, command.owner.staffId, 'body.owner.staffId', false);
  return {};
}
