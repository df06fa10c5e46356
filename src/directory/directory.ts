import { z } from 'zod';
import { boundedText } from '../platform/text';
import { staffRoleSchema } from '../staff/staff';
import { caseInstant } from '../platform/dates';

/**
 * The organisation and staff directory (issue 13): who works where, for whom, and who stands in
 * for them, as an admin keeps it. Alerts resolve their recipients from it when they are raised
 * (src/alerts/recipients.ts). Ids are the ones the identity provider's tokens carry (`sub`,
 * `organisation_id`, `team_id`), so a directory row and a token name the same person.
 */

/** An id as tokens and the other tables carry them: letters, digits and . _ : - only. */
export const directoryId = (what: string) =>
  z
    .string({ error: `${what} is required` })
    .min(1, `${what} is required`)
    .max(100, `${what} must be at most 100 characters`)
    .regex(/^[A-Za-z0-9._:-]+$/, `${what} may hold letters, digits and . _ : - only`);

const nameText = boundedText(200, { message: 'a name is required' });

export const organisationBodySchema = z.strictObject({
  name: nameText,
  /** the policy profile its cases follow (GET /profiles lists them) */
  policyProfileId: directoryId('policyProfileId'),
});
export type OrganisationBody = z.infer<typeof organisationBodySchema>;
export interface Organisation extends OrganisationBody {
  organisationId: string;
  updatedAt: string;
}

export const areaBodySchema = z.strictObject({ name: nameText });
export type AreaBody = z.infer<typeof areaBodySchema>;
export interface Area extends AreaBody {
  areaId: string;
  updatedAt: string;
}

export const teamBodySchema = z.strictObject({
  name: nameText,
  /** the area the team works in; its cases' escalations reach that area's DA lead */
  areaId: directoryId('areaId').nullable().default(null),
});
export type TeamBody = z.infer<typeof teamBodySchema>;
export interface Team extends TeamBody {
  teamId: string;
  updatedAt: string;
}

export const staffBodySchema = z
  .strictObject({
    role: staffRoleSchema,
    teamId: directoryId('teamId').nullable().default(null),
    areaId: directoryId('areaId').nullable().default(null),
    lineManagerId: directoryId('lineManagerId').nullable().default(null),
    email: z.email('must be an e-mail address').max(254).nullable().default(null),
    /** false: has left; alerts no longer reach them */
    active: z.boolean().default(true),
    /** away for now (leave, sickness): their alerts go to `coverStaffId`, or else the next rung */
    absent: z.boolean().default(false),
    coverStaffId: directoryId('coverStaffId').nullable().default(null),
    /** as the member of staff describes it, so a survivor's request for an officer of a given gender can be met */
    gender: boundedText(40).nullable().default(null),
  })
  .superRefine((staff, ctx) => {
    if (staff.coverStaffId !== null && !staff.absent)
      ctx.addIssue({ code: 'custom', path: ['coverStaffId'], message: 'a cover is named only while absent is true' });
  });
export type StaffBody = z.infer<typeof staffBodySchema>;
export interface StaffMember extends StaffBody {
  staffId: string;
  updatedAt: string;
}

/** Who refers to whom, checked against the directory (and, in an import, the file) before anything is stored. */
export function staffReferenceProblems(
  staffId: string,
  staff: Pick<StaffBody, 'lineManagerId' | 'coverStaffId' | 'teamId' | 'areaId'>,
  known: { staff: (id: string) => boolean; team: (id: string) => boolean; area: (id: string) => boolean },
): { field: keyof StaffBody; message: string }[] {
  const problems: { field: keyof StaffBody; message: string }[] = [];
  const { lineManagerId, coverStaffId, teamId, areaId } = staff;
  if (lineManagerId === staffId) problems.push({ field: 'lineManagerId', message: 'cannot be the person themselves' });
  else if (lineManagerId !== null && !known.staff(lineManagerId))
    problems.push({ field: 'lineManagerId', message: `no staff member ${lineManagerId} in your organisation` });
  if (coverStaffId === staffId) problems.push({ field: 'coverStaffId', message: 'cannot be the person themselves' });
  else if (coverStaffId !== null && !known.staff(coverStaffId))
    problems.push({ field: 'coverStaffId', message: `no staff member ${coverStaffId} in your organisation` });
  if (teamId !== null && !known.team(teamId))
    problems.push({ field: 'teamId', message: `no team ${teamId} in your organisation (PUT /teams/${teamId} first)` });
  if (areaId !== null && !known.area(areaId))
    problems.push({ field: 'areaId', message: `no area ${areaId} in your organisation (PUT /areas/${areaId} first)` });
  return problems;
}

/** The most one on-call shift may last: a rota entry of weeks is a mistake, not a shift. */
export const SHIFT_MAX_HOURS = 7 * 24;

export const onCallShiftBodySchema = z
  .strictObject({
    staffId: directoryId('staffId'),
    startsAt: caseInstant,
    endsAt: caseInstant,
  })
  .superRefine((shift, ctx) => {
    const hours = (Date.parse(shift.endsAt) - Date.parse(shift.startsAt)) / 3_600_000;
    if (hours <= 0) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'must be after startsAt' });
    else if (hours > SHIFT_MAX_HOURS)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `a shift lasts at most ${SHIFT_MAX_HOURS} hours` });
  });
export type OnCallShiftBody = z.infer<typeof onCallShiftBodySchema>;
export interface OnCallShift extends OnCallShiftBody {
  shiftId: string;
  updatedAt: string;
}
