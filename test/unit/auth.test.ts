import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { problemHandler } from '../../src/platform/http/problem';
import { currentUser, issueDevToken, loadOrCreateDevKey, type DevKey } from '../../src/platform/auth';
import { createAuthenticator, type Authenticator } from '../../src/platform/http/authenticate';
import { requireRole } from '../../src/platform/http/require-role';

const issuer = 'da-case-orchestrator-dev';
const audience = 'da-case-orchestrator';
const closers: (() => Promise<void>)[] = [];

/** Real HTTP on an ephemeral loopback port; closed after all tests. */
async function listen(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function protectedApp({ authenticate }: Authenticator): express.Express {
  const app = express();
  app.use(authenticate);
  app.get('/me', (req, res) => {
    res.json(currentUser(req));
  });
  app.post('/escalations/ack', requireRole('manager', 'da_lead'), (_req, res) => {
    res.status(204).end();
  });
  app.use(problemHandler(() => undefined));
  return app;
}

async function call(url: string, token?: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { ...init, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });
}

async function detailOf(response: Response): Promise<string> {
  return ((await response.json()) as { detail: string }).detail;
}

async function sign(
  key: CryptoKey,
  kid: string | undefined,
  claims: JWTPayload,
  { expiresAt = '1h' as string | number, iss = issuer, aud = audience } = {},
): Promise<string> {
  return new SignJWT({ organisation_id: 'stonewater', ...claims })
    .setProtectedHeader({ alg: 'EdDSA', ...(kid === undefined ? {} : { kid }) })
    .setIssuer(iss)
    .setAudience(aud)
    .setSubject('officer-ada')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
}

let tmpDir: string;
let keyFile: string;
let devKey: DevKey;
let baseUrl: string;

beforeAll(async () => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-test-'));
  keyFile = path.join(tmpDir, 'data', 'dev-jwt-key.json');
  devKey = await loadOrCreateDevKey(keyFile);
  baseUrl = await listen(protectedApp(await createAuthenticator({ issuer, audience, devKeyFile: keyFile })));
});

afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe('development key', () => {
  it('is stored once, readable by its owner only, and reloaded unchanged', async () => {
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateDevKey(keyFile);
    expect(again.kid).toBe(devKey.kid);
    expect(again.publicJwk).toEqual(devKey.publicJwk);
    expect(devKey.publicJwk).not.toHaveProperty('d');
  });

  it('is agreed on by concurrent first uses', async () => {
    const file = path.join(tmpDir, 'race', 'key.json');
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateDevKey(file)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
  });

  it('refuses a file that is not an Ed25519 private key, without printing it', async () => {
    const file = path.join(tmpDir, 'broken.json');
    fs.writeFileSync(file, '{"secret":"do-not-echo"}');
    await expect(loadOrCreateDevKey(file)).rejects.toThrow(/is not an Ed25519 private JWK/);
    await expect(loadOrCreateDevKey(file)).rejects.not.toThrow(/do-not-echo/);
  });
});

describe('authenticate', () => {
  async function expectUnauthenticated(response: Response, reason: RegExp, error = 'invalid_token'): Promise<void> {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('www-authenticate')).toMatch(
      new RegExp(`^Bearer error="${error}", error_description="`),
    );
    expect(await detailOf(response)).toMatch(reason);
  }

  it('asks for a token when none is sent', async () => {
    const response = await call(`${baseUrl}/me`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toMatchObject({ status: 401, detail: 'a bearer token is required' });
  });

  it('refuses another scheme', async () => {
    const response = await fetch(`${baseUrl}/me`, { headers: { authorization: 'Basic b2ZmaWNlcjpzZWNyZXQ=' } });
    await expectUnauthenticated(response, /must be "Bearer"/, 'invalid_request');
  });

  it('refuses garbage without echoing it', async () => {
    const response = await call(`${baseUrl}/me`, 'not.a-jwt.at-all');
    const body = await response.clone().text();
    await expectUnauthenticated(response, /malformed/);
    expect(body).not.toContain('not.a-jwt');
  });

  it('refuses an expired token', async () => {
    const token = await sign(
      devKey.privateKey,
      devKey.kid,
      { role: 'manager' },
      { expiresAt: Math.floor(Date.now() / 1000) - 120 },
    );
    await expectUnauthenticated(await call(`${baseUrl}/me`, token), /expired/);
  });

  it('refuses a token for another audience or from another issuer', async () => {
    const otherAudience = await sign(devKey.privateKey, devKey.kid, { role: 'manager' }, { aud: 'some-other-service' });
    await expectUnauthenticated(await call(`${baseUrl}/me`, otherAudience), /different audience/);
    const otherIssuer = await sign(devKey.privateKey, devKey.kid, { role: 'manager' }, { iss: 'https://evil.example' });
    await expectUnauthenticated(await call(`${baseUrl}/me`, otherIssuer), /untrusted issuer/);
  });

  it('refuses a token signed by another key, whatever kid it claims', async () => {
    const other = await generateKeyPair('EdDSA');
    const ownKid = await sign(other.privateKey, 'someone-else', { role: 'manager' });
    await expectUnauthenticated(await call(`${baseUrl}/me`, ownKid), /not signed by a trusted key/);
    const borrowedKid = await sign(other.privateKey, devKey.kid, { role: 'manager' });
    await expectUnauthenticated(await call(`${baseUrl}/me`, borrowedKid), /not signed by a trusted key/);
  });

  it('refuses a token whose claims are incomplete, naming the claim only', async () => {
    const token = await sign(devKey.privateKey, devKey.kid, { role: 'manager', organisation_id: 42 });
    await expectUnauthenticated(
      await call(`${baseUrl}/me`, token),
      /^the token claims are not valid: organisation_id$/,
    );
  });

  it('accepts a valid token and exposes the principal', async () => {
    const token = await issueDevToken({
      keyFile,
      issuer,
      audience,
      staffId: 'officer-ada',
      role: 'caseworker',
      teamId: 'team-north',
      organisationId: 'stonewater',
    });
    const response = await call(`${baseUrl}/me`, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      staffId: 'officer-ada',
      role: 'caseworker',
      teamId: 'team-north',
      organisationId: 'stonewater',
    });
  });

  it('takes the role from a roles array, ignoring roles meant for other apps', async () => {
    const token = await sign(devKey.privateKey, devKey.kid, { roles: ['Mail.Read', 'auditor'] });
    const response = await call(`${baseUrl}/me`, token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ role: 'auditor' });
  });

  it.each([
    ['no known role', { roles: ['Mail.Read'] }, /no role known/],
    ['two roles', { role: 'caseworker', roles: ['admin'] }, /more than one role \(caseworker, admin\)/],
    ['a partner without partner_id', { role: 'partner' }, /partner_id/],
  ])('forbids a token with %s', async (_name, claims, reason) => {
    const response = await call(`${baseUrl}/me`, await sign(devKey.privateKey, devKey.kid, claims));
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await detailOf(response)).toMatch(reason);
  });
});

describe('requireRole', () => {
  const post = { method: 'POST' };

  it('lets a listed role through', async () => {
    const token = await sign(devKey.privateKey, devKey.kid, { role: 'da_lead' });
    expect((await call(`${baseUrl}/escalations/ack`, token, post)).status).toBe(204);
  });

  it('forbids other roles, naming the ones allowed', async () => {
    const token = await sign(devKey.privateKey, devKey.kid, { role: 'admin' });
    const response = await call(`${baseUrl}/escalations/ack`, token, post);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ status: 403, detail: 'this action needs one of: manager, da_lead' });
  });
});

describe('remote JWKS', () => {
  let providerKey: CryptoKey;
  let remoteUrl: string;

  beforeAll(async () => {
    // Stands in for an OIDC provider: its own key pair, published as a JWKS over HTTP.
    const provider = await generateKeyPair('EdDSA', { extractable: true });
    providerKey = provider.privateKey;
    const publicJwk = { ...(await exportJWK(provider.publicKey)), kid: 'provider-1', alg: 'EdDSA', use: 'sig' };
    const idp = express();
    idp.get('/keys', (_req, res) => {
      res.json({ keys: [publicJwk] });
    });
    const jwksUrl = `${await listen(idp)}/keys`;
    remoteUrl = await listen(
      protectedApp(await createAuthenticator({ issuer, audience, jwksUrl, devKeyFile: keyFile })),
    );
  });

  it('accepts tokens signed by a published key', async () => {
    const response = await call(`${remoteUrl}/me`, await sign(providerKey, 'provider-1', { role: 'head_of_service' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ staffId: 'officer-ada', role: 'head_of_service' });
  });

  it('no longer trusts the development key', async () => {
    const token = await sign(devKey.privateKey, devKey.kid, { role: 'manager' });
    expect((await call(`${remoteUrl}/me`, token)).status).toBe(401);
  });

  it('answers 503 when the provider cannot be reached', async () => {
    const unavailable: unknown[] = [];
    const down = express();
    const downUrl = await listen(down);
    const authenticator = await createAuthenticator({
      issuer,
      audience,
      jwksUrl: `${downUrl}/missing-keys`,
      onSigningKeysUnavailable: (error) => unavailable.push(error),
    });
    const url = await listen(protectedApp(authenticator));
    const response = await call(`${url}/me`, await sign(providerKey, 'provider-1', { role: 'manager' }));
    expect(response.status).toBe(503);
    expect(unavailable).toHaveLength(1);
  });
});

describe('createAuthenticator', () => {
  it('needs a key source', async () => {
    await expect(createAuthenticator({ issuer, audience })).rejects.toThrow(/either jwksUrl/);
  });

  it('refuses plain http for a JWKS URL off this machine', async () => {
    await expect(createAuthenticator({ issuer, audience, jwksUrl: 'http://idp.example/keys' })).rejects.toThrow(
      /https/,
    );
  });
});
