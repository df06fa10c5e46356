import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fictionalDisclosure, fictionalSurvivorReference } from '../fixtures/disclosures';
import { productEnvironment, startProduct, tokenFromBanner, type ProductProcess } from '../support/product-process';
import { readTestEnv } from '../support/test-env';
import { caseWorkflowId } from '../../src/case/state';

/**
 * An auditor reading a case history in the Temporal UI that `npm start` serves, in a real Chromium:
 * encrypted until they sign in at /codec/sign-in, decrypted after, on either loopback host name.
 */
describe('decrypted histories in the Temporal UI', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let product: ProductProcess | undefined;
  let browser: Browser | undefined;
  let workflowPath: string;
  let auditorToken: string;
  let otherOrganisationAuditorToken: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-ui-'));
    env = await productEnvironment(dataDir);
    product = await startProduct(env);
    const officerToken = await tokenFromBanner(product, env);
    auditorToken = await tokenFromBanner(product, env, { role: 'auditor', staff: 'audit-fay' });
    otherOrganisationAuditorToken = await tokenFromBanner(product, env, {
      role: 'auditor',
      staff: 'audit-kay',
      org: 'kent-housing',
    });
    const opened = await fetch(`http://127.0.0.1:${env.PORT}/cases`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${officerToken}`,
        'content-type': 'application/json',
        'Idempotency-Key': 'ui-codec-0001',
      },
      body: JSON.stringify(fictionalDisclosure()),
    });
    expect(opened.status).toBe(201);
    const { caseId } = (await opened.json()) as { caseId: string };
    const history = await fetch(`http://127.0.0.1:${env.PORT}/cases/${caseId}/history`, {
      headers: { authorization: `Bearer ${auditorToken}` },
    });
    expect(JSON.stringify(await history.json())).not.toContain(fictionalSurvivorReference); // Temporal holds only ciphertext
    workflowPath = `/namespaces/default/workflows/${encodeURIComponent(caseWorkflowId(caseId))}`;
    browser = await chromium.launch({
      executablePath: readTestEnv().chromiumPath,
      args: ['--no-sandbox'],
      timeout: 30_000,
    });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    product?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function freshPage(): Promise<Page> {
    const context = await browser!.newContext();
    context.setDefaultTimeout(30_000);
    return context.newPage();
  }

  async function signIn(page: Page, host: string, token = auditorToken): Promise<void> {
    await page.goto(`http://${host}:${env.PORT}/codec/sign-in`);
    await page.fill('input[name="token"]', token);
    await page.click('button');
    await page.getByText('Signed in for one hour').waitFor();
  }

  it('shows the case encrypted, and a link to the sign-in, to a browser that has not signed in', async () => {
    const page = await freshPage();
    await page.goto(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}${workflowPath}`);
    const help = page
      .getByRole('link', { name: /sign/i })
      .or(page.locator(`a[href="http://127.0.0.1:${env.PORT}/codec/sign-in"]`))
      .first();
    await help.waitFor();
    expect(await help.getAttribute('href')).toBe(`http://127.0.0.1:${env.PORT}/codec/sign-in`);
    await page.screenshot({ path: '/tmp/codecui-not-signed-in.png', fullPage: true });
    expect(await page.locator('body').innerText()).not.toContain(fictionalSurvivorReference);
    await page.context().close();
  }, 90_000);

  it.each(['127.0.0.1', 'localhost'])(
    'decrypts the history for an auditor signed in on %s',
    async (host) => {
      const page = await freshPage();
      await signIn(page, host);
      await page.goto(`http://${host}:${env.TEMPORAL_UI_PORT}${workflowPath}`);
      await page.getByText(fictionalSurvivorReference).first().waitFor();
      await page.screenshot({ path: `/tmp/codecui-signed-in-${host}.png`, fullPage: true });
      await page.context().close();
    },
    90_000,
  );

  it("shows another organisation's auditor the case still encrypted, without a sign-in error", async () => {
    const page = await freshPage();
    await signIn(page, '127.0.0.1', otherOrganisationAuditorToken);
    const decodeAnswers: number[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/codec/decode') && response.request().method() === 'POST')
        decodeAnswers.push(response.status());
    });
    const firstDecode = page.waitForResponse(
      (response) => response.url().endsWith('/codec/decode') && response.request().method() === 'POST',
    );
    await page.goto(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}${workflowPath}`);
    expect((await firstDecode).status()).toBe(200);
    // The withheld input is shown as it is stored: its metadata, base64 ciphertext
    await page.getByText('encryption-case-id').first().waitFor();
    await page.screenshot({ path: '/tmp/codecui-other-organisation.png', fullPage: true });
    expect(decodeAnswers.every((status) => status === 200)).toBe(true);
    const text = await page.locator('body').innerText();
    expect(text).not.toContain(fictionalSurvivorReference);
    expect(text).not.toMatch(/could not connect/i);
    await page.context().close();
  }, 90_000);
});
