import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freeLoopbackPort } from '../../src/platform/runtime/ports';
import { productEnvironment, projectRoot, startProduct, type ProductProcess } from '../support/product-process';
import { readTestEnv } from '../support/test-env';

const AUDIENCE = 'da-case-api';

/** Starts the tests' OpenID Connect provider (test/support/identity-provider.mjs) on loopback. */
async function startIdentityProvider(port: number, redirectUri: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'test/support/identity-provider.mjs')], {
    env: { PATH: process.env.PATH, PORT: String(port), REDIRECT_URI: redirectUri, AUDIENCE },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 20_000;
  while (!output.includes('ready')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`identity provider did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

/**
 * The console in production: no development sign-in; staff sign in at the organisation's identity
 * provider (authorization code with PKCE), the API trusts only that provider's keys, and nothing of
 * the sign-in is left in the address bar or in the browser's storage.
 */
describe('signing in to the web console at the identity provider', () => {
  let dataDir: string;
  let identityProvider: ChildProcess | undefined;
  let product: ProductProcess | undefined;
  let browser: Browser | undefined;
  let base: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-console-oidc-'));
    const env = await productEnvironment(dataDir);
    base = `http://127.0.0.1:${env.PORT}`;
    const issuer = `http://127.0.0.1:${await freeLoopbackPort()}`;
    identityProvider = await startIdentityProvider(Number(new URL(issuer).port), `${base}/signed-in`);
    product = await startProduct({
      ...env,
      AUTH_ISSUER: issuer,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS_URL: `${issuer}/jwks`,
      CONSOLE_OIDC_CLIENT_ID: 'da-console',
      CONSOLE_OIDC_SCOPE: 'openid cases',
    });
    browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: ['--no-sandbox'] });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    product?.child.kill('SIGKILL');
    identityProvider?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('offers no development sign-in', async () => {
    const answer = await fetch(`${base}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', staffId: 'anyone', organisationId: 'stonewater' }),
    });
    expect(answer.status).toBe(404);
  });

  it('signs a DA lead in with PKCE, back on the page they asked for, the token in memory only', async () => {
    const context = await browser!.newContext();
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    const authorizeRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/auth?')) authorizeRequests.push(request.url());
    });
    await page.goto(`${base}/inbox`);
    await page.getByRole('button', { name: 'Sign in with your organisation account' }).click();
    await page.locator('input[name="login"]').fill('lead-dee');
    await page.locator('input[name="password"]').fill('any password');
    await page.locator('button[type="submit"]').click();
    await page.getByRole('button', { name: 'Continue' }).click(); // the provider's consent to the API's scope
    await page.getByRole('heading', { name: 'Alert inbox' }).waitFor();
    await page.getByText('Live: new alerts appear here.').waitFor();
    await page.getByText('lead-dee, DA lead').waitFor();

    const authorize = new URL(authorizeRequests[0]!);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('response_type')).toBe('code');
    // The code is gone from the address bar and from the history entry it replaced.
    expect(page.url()).toBe(`${base}/inbox`);
    const storage = await page.evaluate<string>(
      'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie })',
    );
    expect(storage).not.toMatch(/eyJ/); // no JWT anywhere the browser keeps
  }, 120_000);
});
