import type { Request, RequestHandler, Response } from 'express';
import { jwtVerify } from 'jose';
import { z } from 'zod';
import { devKeySource, remoteKeySource, SigningKeysUnavailableError, type KeySource } from '../auth/key-source';
import { principalFromClaims } from '../auth/principal';
import type { RoleMapping } from '../auth/role-mapping';
import { bearerChallenge, rejectionForVerifyError, type TokenRejection } from '../auth/rejection';
import { sendProblem } from './problem';

/** Plain http only for the loopback interface (tests, a local Keycloak): keys must not be spoofable. */
const jwksUrlSchema = z.url({ protocol: /^https?$/ }).refine((url) => {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
}, 'the JWKS URL must use https (plain http only on localhost)');

const authenticatorConfigSchema = z
  .object({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    jwksUrl: jwksUrlSchema.optional(),
    devKeyFile: z.string().min(1).optional(),
  })
  .refine((config) => config.jwksUrl !== undefined || config.devKeyFile !== undefined, {
    message: 'either jwksUrl (an identity provider) or devKeyFile (local development) is needed',
  });

export interface AuthenticatorConfig {
  issuer: string;
  audience: string;
  /** The identity provider's key set; when set, the development key is never trusted. */
  jwksUrl?: string;
  devKeyFile?: string;
  /** Which claims carry the roles and what the provider's names stand for; default: our names in `role`/`roles`. */
  roleMapping?: RoleMapping;
  /** Called when the provider's keys cannot be fetched (the caller gets 503); for logging. */
  onSigningKeysUnavailable?: (error: SigningKeysUnavailableError) => void;
}

export interface Authenticator {
  /** Verifies `Authorization: Bearer …` and sets req.user, or answers 401/403 problem+json. */
  authenticate: RequestHandler;
}

/** Tolerates small clock differences between the identity provider and this server. */
const CLOCK_TOLERANCE = '30s';

/** Async so a broken development key file stops start-up instead of the first request. */
export async function createAuthenticator(config: AuthenticatorConfig): Promise<Authenticator> {
  const checked = authenticatorConfigSchema.safeParse(config);
  if (!checked.success) {
    throw new Error(
      `invalid authenticator configuration: ${checked.error.issues.map((issue) => issue.message).join('; ')}`,
    );
  }
  const { issuer, audience, jwksUrl, devKeyFile } = checked.data;
  const keys: KeySource = jwksUrl !== undefined ? remoteKeySource(new URL(jwksUrl)) : await devKeySource(devKeyFile!);

  const authenticate: RequestHandler = async (req, res, next) => {
    const token = bearerToken(req);
    if (typeof token !== 'string') return refuse(res, token);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys.getKey, {
        issuer,
        audience,
        algorithms: keys.algorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: CLOCK_TOLERANCE,
      }));
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) {
        config.onSigningKeysUnavailable?.(error);
        return sendProblem(res, { type: 'authentication-unavailable', detail: `${error.message}; try again shortly` });
      }
      const rejection = rejectionForVerifyError(error);
      if (rejection === undefined) return next(error);
      return refuse(res, rejection);
    }
    const result = principalFromClaims(payload, config.roleMapping);
    if (!result.ok && result.status === 401) return refuse(res, { error: 'invalid_token', reason: result.reason });
    if (!result.ok) return sendProblem(res, { type: 'forbidden', detail: result.reason });
    req.user = result.principal;
    next();
  };
  return { authenticate };
}

/** Only the Authorization header: tokens in query strings end up in access logs. */
function bearerToken(req: Request): string | TokenRejection {
  const header = req.get('authorization');
  if (header === undefined) return { reason: 'a bearer token is required' };
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (match === null)
    return { error: 'invalid_request', reason: 'the Authorization header must be "Bearer" followed by a token' };
  return match[1]!;
}

function refuse(res: Response, rejection: TokenRejection): void {
  res.setHeader('WWW-Authenticate', bearerChallenge(rejection));
  sendProblem(res, { type: 'unauthenticated', detail: rejection.reason });
}
