import { createAuthenticator, type Authenticator } from './authenticate';
import type { Config } from '../config';
import type { Logger } from '../logger';

/**
 * The API's bearer-token check from the configuration. With AUTH_JWKS_URL the identity provider's
 * keys are trusted and the development key never is; without it, `devKeys: true` (`npm start`
 * only) trusts the local development key in AUTH_DEV_KEY_FILE, and anything else refuses to start.
 */
export function authenticatorFromConfig(
  config: Config,
  logger: Logger,
  { devKeys }: { devKeys: boolean },
): Promise<Authenticator> {
  const keys = config.AUTH_JWKS_URL
    ? { jwksUrl: config.AUTH_JWKS_URL }
    : devKeys
      ? { devKeyFile: config.AUTH_DEV_KEY_FILE }
      : undefined;
  if (!keys) {
    throw new Error(
      "the API needs AUTH_JWKS_URL, the identity provider's signing keys (development tokens are for `npm start` only)",
    );
  }
  return createAuthenticator({
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    ...keys,
    roleMapping: { claims: config.AUTH_ROLE_CLAIMS, names: config.AUTH_ROLE_MAP },
    onSigningKeysUnavailable: (error) =>
      logger.warn({ err: error }, 'the identity provider’s signing keys could not be fetched'),
  });
}

/** What `npm start` prints so a developer can call the API straight away. */
export const DEV_TOKEN_COMMAND =
  'node dist/src/bin/issue-dev-token.js --role caseworker --staff officer-ada --org stonewater --team team-north';
