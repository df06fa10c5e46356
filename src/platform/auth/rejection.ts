import { errors } from 'jose';

/** Why a bearer token was refused, in words safe to return: never the token or its claims. */
export interface TokenRejection {
  /** RFC 6750 §3.1: absent when no credentials were sent at all. */
  error?: 'invalid_request' | 'invalid_token';
  reason: string;
}

const CLAIM_REASONS: Record<string, string> = {
  iss: 'the token was issued by an untrusted issuer',
  aud: 'the token is meant for a different audience',
  nbf: 'the token is not valid yet',
};

/** jose verification errors → rejection; undefined for anything that is not about the token. */
export function rejectionForVerifyError(error: unknown): TokenRejection | undefined {
  if (!(error instanceof errors.JOSEError)) return undefined;
  switch (error.code) {
    case errors.JWTExpired.code:
      return { error: 'invalid_token', reason: 'the token has expired' };
    case errors.JWTClaimValidationFailed.code: {
      const claim = (error as errors.JWTClaimValidationFailed).claim;
      return {
        error: 'invalid_token',
        reason: CLAIM_REASONS[claim] ?? `the token's ${claim} claim is missing or not valid`,
      };
    }
    case errors.JWSSignatureVerificationFailed.code:
    case errors.JWKSNoMatchingKey.code:
    case errors.JWKSMultipleMatchingKeys.code:
      return { error: 'invalid_token', reason: 'the token is not signed by a trusted key' };
    case errors.JOSEAlgNotAllowed.code:
    case errors.JOSENotSupported.code:
      return { error: 'invalid_token', reason: 'the token is signed with an algorithm that is not accepted' };
    case errors.JWSInvalid.code:
    case errors.JWTInvalid.code:
      return { error: 'invalid_token', reason: 'the token is malformed' };
    default:
      return undefined;
  }
}

/** RFC 6750 §3 challenge; reasons are fixed strings, so they need no quoting beyond the quotes. */
export function bearerChallenge(rejection: TokenRejection): string {
  if (rejection.error === undefined) return 'Bearer';
  return `Bearer error="${rejection.error}", error_description="${rejection.reason}"`;
}
