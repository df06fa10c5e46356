// A real OpenID Connect provider (panva's oidc-provider) for the console's sign-in tests: the
// organisation's identity provider is outside the product, so the tests bring one of their own.
// Run as a child process (the package is ES modules only): PORT, REDIRECT_URI, AUDIENCE from the
// environment; prints "ready" once listening. Any password signs in; each staff id below has its claims.
import process from 'node:process';
import Provider from 'oidc-provider';

const { PORT, REDIRECT_URI, AUDIENCE } = process.env;
const issuer = `http://127.0.0.1:${PORT}`;
const RESOURCE = 'urn:da-case:api';
const STAFF = {
  'officer-ada': { role: 'caseworker', organisation_id: 'stonewater', team_id: 'team-north' },
  'lead-dee': { role: 'da_lead', organisation_id: 'stonewater' },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'da-console',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  cookies: { keys: ['identity-provider-for-tests-only'] },
  scopes: ['openid', 'cases'],
  findAccount: (_ctx, id) => (STAFF[id] ? { accountId: id, claims: () => ({ sub: id }) } : undefined),
  // The staff member's organisation, team and role ride in the access token, as a provider's claim mappers put them.
  extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' ? STAFF[token.accountId] : undefined),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'cases',
        audience: AUDIENCE,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
});
provider.listen(Number(PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
