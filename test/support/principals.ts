import type { Principal } from '../../src/platform/auth';

/** A member of staff of `organisationId`, as their token names them (a team only where they have one). */
export const staffOf =
  (organisationId: string) =>
  (staffId: string, role: Principal['role'], teamId?: string): Principal => ({
    staffId,
    role,
    organisationId,
    ...(teamId === undefined ? {} : { teamId }),
  });

export const stonewaterStaff = staffOf('stonewater');

/** The IDVA service's token at Stonewater: a partner that reads what is shared with it. */
export const stonewaterIdva: Principal = {
  staffId: 'svc-idva',
  role: 'partner',
  organisationId: 'stonewater',
  partnerId: 'idva-north',
};
