import { createLocalJWKSet, createRemoteJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { DEV_KEY_ALGORITHM, loadOrCreateDevKey } from './dev-key';

/** The signing keys are the identity provider's: failing to fetch them is not the caller's fault. */
export class SigningKeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super('the signing keys of the identity provider could not be obtained', { cause });
    this.name = 'SigningKeysUnavailableError';
  }
}

export interface KeySource {
  getKey: JWTVerifyGetKey;
  /** Asymmetric algorithms only, so a token cannot pick a weaker or symmetric one. */
  algorithms: string[];
}

/** What Entra ID (RS256) and Keycloak (RS256 by default, ES256/PS256/EdDSA optional) sign with. */
const PROVIDER_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'EdDSA', 'Ed25519'];

/** Key errors that describe the token (no key matches it) rather than the key set. */
const TOKEN_KEY_ERRORS = new Set([
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSENotSupported.code,
]);

export function remoteKeySource(jwksUrl: URL): KeySource {
  const keySet = createRemoteJWKSet(jwksUrl);
  return {
    algorithms: PROVIDER_ALGORITHMS,
    getKey: async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (error instanceof errors.JOSEError && TOKEN_KEY_ERRORS.has(error.code)) throw error;
        throw new SigningKeysUnavailableError(error);
      }
    },
  };
}

export async function devKeySource(devKeyFile: string): Promise<KeySource> {
  const devKey = await loadOrCreateDevKey(devKeyFile);
  return { algorithms: [DEV_KEY_ALGORITHM], getKey: createLocalJWKSet({ keys: [devKey.publicJwk] }) };
}
