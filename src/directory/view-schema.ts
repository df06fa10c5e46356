import { z } from 'zod';
import { at, type Covers } from '../platform/http/documented';
import {
  areaBodySchema,
  onCallShiftBodySchema,
  organisationBodySchema,
  staffBodySchema,
  teamBodySchema,
  type Area,
  type OnCallShift,
  type Organisation,
  type StaffMember,
  type Team,
} from './directory';

/** The directory's rows as the API answers them: the body that was PUT, its id and when it last changed. */
export const organisationSchema = organisationBodySchema
  .extend({ organisationId: z.string(), updatedAt: at })
  .meta({ id: 'Organisation' });
export const areaSchema = areaBodySchema.extend({ areaId: z.string(), updatedAt: at }).meta({ id: 'Area' });
export const teamSchema = teamBodySchema.extend({ teamId: z.string(), updatedAt: at }).meta({ id: 'Team' });
export const staffMemberSchema = staffBodySchema
  .safeExtend({ staffId: z.string(), updatedAt: at })
  .meta({ id: 'StaffMember' });
export const onCallShiftSchema = onCallShiftBodySchema
  .safeExtend({ shiftId: z.uuid(), updatedAt: at })
  .meta({ id: 'OnCallShift' });

export const importResultSchema = z
  .object({
    imported: z.int().describe('rows stored'),
    created: z.int().describe('of them, staff the directory did not hold before'),
    updated: z.int().describe('of them, staff replaced'),
  })
  .meta({ id: 'StaffImportResult' });

export type DocumentedResults = Covers<typeof organisationSchema, Organisation> &
  Covers<typeof areaSchema, Area> &
  Covers<typeof teamSchema, Team> &
  Covers<typeof staffMemberSchema, StaffMember> &
  Covers<typeof onCallShiftSchema, OnCallShift>;
