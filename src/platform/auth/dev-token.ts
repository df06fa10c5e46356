import { SignJWT } from 'jose';
import { z } from 'zod';
import { DEV_KEY_ALGORITHM, loadOrCreateDevKey } from './dev-key';
import { claimsForPrincipal } from './principal';
import { roleSchema } from './roles';

const identifier = z.string().trim().min(1).max(200);

const devTokenRequestSchema = z
  .object({
    keyFile: z.string().min(1),
    issuer: identifier,
    audience: identifier,
    staffId: identifier,
    role: roleSchema,
    teamId: identifier.optional(),
    organisationId: identifier,
    partnerId: identifier.optional(),
    /** A jose time span such as '8h' or '30m'. */
    expiresIn: z
      .string()
      .regex(/^\d+ ?(s|m|h|d)$/, "expiresIn must look like '30m', '8h' or '2d'")
      .default('8h'),
  })
  .refine((request) => request.role !== 'partner' || request.partnerId !== undefined, {
    message: 'a partner token needs a partnerId',
    path: ['partnerId'],
  });

export type DevTokenRequest = z.input<typeof devTokenRequestSchema>;

/** Signs a token with the local development key, shaped like the identity provider's. */
export async function issueDevToken(request: DevTokenRequest): Promise<string> {
  const { keyFile, issuer, audience, staffId, expiresIn, ...principal } = devTokenRequestSchema.parse(request);
  const devKey = await loadOrCreateDevKey(keyFile);
  return new SignJWT(claimsForPrincipal({ staffId, ...principal }))
    .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: devKey.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setSubject(staffId)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(devKey.privateKey);
}
