import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { productEnvironment, projectRoot, startProduct, type ProductProcess } from '../support/product-process';
import { eventually } from '../support/case-harness';
import { readTestEnv } from '../support/test-env';

/** Screenshots of each page, kept for people to look at (git-ignored). */
const ARTEFACTS = path.join(projectRoot, 'test-artefacts', 'web-console');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const FICTIONAL_REFERENCE = 'FICTIONAL-CONSOLE-0001';

/**
 * The web console that `npm start` serves, in a real Chromium, as its three users work: a
 * caseworker records a disclosure, contact and a DASH; a DA lead sees the high-risk alert arrive
 * live, acknowledges it and closes the case after a refusal; an auditor reads the timeline and
 * downloads the compliance CSV. Every page passes axe and is kept as a screenshot.
 */
describe('the web console', () => {
  let dataDir: string;
  let product: ProductProcess | undefined;
  let browser: Browser | undefined;
  let base: string;
  let caseUrl: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-console-'));
    const env = await productEnvironment(dataDir);
    product = await startProduct(env);
    base = `http://127.0.0.1:${env.PORT}`;
    browser = await chromium.launch({ executablePath: readTestEnv().chromiumPath, args: ['--no-sandbox'] });
    fs.mkdirSync(ARTEFACTS, { recursive: true });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    product?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** No WCAG 2.2 AA violation that axe finds, and a screenshot of the page as it stands. */
  async function checkPage(page: Page, name: string): Promise<void> {
    const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
    expect(
      violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target).join(', ')}`),
    ).toEqual([]);
    await page.screenshot({ path: path.join(ARTEFACTS, `${name}.png`), fullPage: true });
    // Nothing of the survivor in the title or the address bar (so nothing in the browser's history).
    expect(await page.title()).not.toContain(FICTIONAL_REFERENCE);
    expect(page.url()).not.toContain(FICTIONAL_REFERENCE);
  }

  async function signIn(role: string, staffId: string, at = '/'): Promise<Page> {
    const context = await browser!.newContext();
    context.setDefaultTimeout(30_000);
    const page = await context.newPage();
    await page.goto(`${base}${at}`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    if (role === 'caseworker' && at === '/') await checkPage(page, 'sign-in');
    await page.getByLabel('Role').selectOption(role);
    await page.getByLabel('Staff id').fill(staffId);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return page;
  }

  it('serves its pages under a strict Content-Security-Policy, and JSON to the API’s clients on the same paths', async () => {
    const page = await fetch(`${base}/cases/00000000-0000-4000-8000-000000000000`, {
      headers: { Accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'none'/);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${base}/cases/00000000-0000-4000-8000-000000000000`, {
      headers: { Accept: 'application/json' },
    });
    expect(api.status).toBe(401);
    // A development token is handed only to this machine's own page, never to another site's script.
    const request = { role: 'da_lead', staffId: 'lead-dee', organisationId: 'stonewater' };
    const foreign = await fetch(`${base}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://attacker.example' },
      body: JSON.stringify(request),
    });
    expect(foreign.status).toBe(403);
    const partner = await fetch(`${base}/console/dev-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...request, role: 'partner' }),
    });
    expect(partner.status).toBe(400);
  });

  it('lets a caseworker record a disclosure, a refused and a safe contact attempt, and a DASH of 14 “yes”', async () => {
    const lead = await signIn('da_lead', 'lead-dee');
    await lead.getByRole('link', { name: 'Alerts' }).click();
    await lead.getByText('Live: new alerts appear here.').waitFor();
    await checkPage(lead, 'inbox-empty');

    const worker = await signIn('caseworker', 'officer-ada');
    await worker.getByRole('heading', { name: 'Open cases' }).waitFor();
    await checkPage(worker, 'cases');
    await worker.getByRole('link', { name: 'Record a new disclosure' }).click();
    await worker.getByLabel('The survivor is in immediate danger now').check();
    await worker.getByText('Call 999 now').waitFor(); // the guidance shows at once
    await worker.getByLabel('The survivor is in immediate danger now').uncheck();
    await worker.getByLabel('Survivor reference').fill(FICTIONAL_REFERENCE);
    await worker.getByRole('checkbox', { name: 'text' }).check();
    await checkPage(worker, 'new-disclosure');
    await worker.getByRole('button', { name: 'Record the disclosure' }).click();
    await worker.getByRole('heading', { name: 'Safe contact' }).waitFor();
    caseUrl = worker.url();
    expect(caseUrl).toMatch(/\/cases\/[0-9a-f-]{36}$/);
    await worker.getByRole('cell', { name: 'Initial contact' }).waitFor();
    // its due time shows once the worker has scheduled it, without a reload
    await worker.getByRole('row').filter({ hasText: 'Initial contact' }).filter({ hasText: /\d{4}/ }).waitFor();

    await worker.getByLabel('Channel').selectOption('phone');
    await worker.getByRole('button', { name: 'Record the contact attempt' }).click();
    await worker.getByRole('alert').filter({ hasText: "phone is not one of the survivor's safe channels" }).waitFor();
    await worker.getByLabel('Channel').selectOption('text');
    await worker.getByRole('button', { name: 'Record the contact attempt' }).click();
    await worker.getByText('Contact attempt recorded.').waitFor();

    const answers = worker.locator('ol.dash input[type=checkbox]');
    expect(await answers.count()).toBe(24);
    for (let index = 0; index < 14; index++) await answers.nth(index).check();
    expect(await worker.locator('.score').innerText()).toMatch(/14 of 24 .* High risk/);
    await worker.getByRole('button', { name: 'Record the DASH' }).click();
    await worker.getByText('DASH recorded.').waitFor();
    await worker.locator('.case-summary .risk-high').waitFor();

    // Every other action has a form drawn from the API's documentation of its body.
    await worker.getByLabel('Action', { exact: true }).selectOption({ label: 'Record safety plan' });
    await worker.getByRole('button', { name: 'Add Measures' }).click();
    await worker.getByLabel('Measures 1').fill('Fictional: agreed a code word with the neighbour.');
    await worker.getByLabel('Agreed with survivor').check();
    await worker.getByRole('button', { name: 'Record safety plan' }).click();
    await worker.getByText('Record safety plan: recorded.').waitFor();
    const safetyPlanDeadline = worker
      .locator('tbody tr')
      .filter({ hasText: 'Safety plan' })
      .filter({ hasNotText: 'review' });
    await safetyPlanDeadline.getByText(/^Met/).waitFor();
    await checkPage(worker, 'case');

    // Usable at 320 px wide: nothing wider than the screen but the tables, which scroll in place.
    await worker.setViewportSize({ width: 320, height: 800 });
    expect(await worker.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
    await worker.screenshot({ path: path.join(ARTEFACTS, 'case-320px.png'), fullPage: true });
    await worker.setViewportSize({ width: 1280, height: 800 });

    // A caseworker may not close a high-risk case: the refusal is shown in words beside the action.
    await worker.getByLabel('The survivor agrees the case can close').check();
    await worker.getByRole('button', { name: 'Close the case' }).click();
    await worker.getByRole('alert').filter({ hasText: 'a high-risk case can only be closed with' }).waitFor();

    // The DA lead's inbox, open all along, shows the high-risk alert without a reload.
    const alert = lead.locator('.alerts li.unacknowledged').filter({ hasText: 'High risk' });
    await alert.waitFor();
    await checkPage(lead, 'inbox-alert');
    await alert.getByRole('button', { name: /Acknowledge/ }).click();
    await lead.locator('.alerts li.acknowledged').filter({ hasText: 'by lead-dee' }).waitFor();
  }, 180_000);

  it('lets a DA lead who follows a link to the case sign in, be refused, then close it', async () => {
    // As from the alert e-mail's link: the case page opens once signed in.
    const approver = await signIn('da_lead', 'lead-dee');
    await approver.getByRole('heading', { name: 'High-risk cases: closing needs your approval' }).waitFor();
    await approver.getByRole('link', { name: /^Case opened .*, officer officer-ada$/ }).waitFor();
    await checkPage(approver, 'approvals');
    const lead = await signIn('da_lead', 'lead-dee', new URL(caseUrl).pathname);
    await lead.getByRole('heading', { name: 'Safe contact' }).waitFor();
    await lead.getByText('Linked workflows').waitFor(); // the high-risk DASH started a MARAC referral
    await lead.getByLabel('The survivor agrees the case can close').check();
    await lead.getByRole('button', { name: 'Close the case' }).click();
    await lead.getByRole('alert').filter({ hasText: 'marac' }).waitFor();
    await lead.getByLabel('What happens to it').selectOption('withdrawn');
    await lead.getByLabel('Why (at least 10 characters)').fill('Survivor supported by the IDVA service instead.');
    await lead.getByRole('button', { name: 'Close the case' }).click();
    await lead.getByText('Case closed.').waitFor();
    await lead.getByText('Status: Closed').waitFor();
    await checkPage(lead, 'case-closed');
  }, 120_000);

  it('lets an auditor read the timeline and download the compliance report as CSV, read-only', async () => {
    const auditor = await signIn('auditor', 'audit-fay', new URL(caseUrl).pathname);
    await auditor.getByRole('heading', { name: 'Safe contact' }).waitFor();
    expect(await auditor.getByRole('button', { name: /Record|Close/ }).count()).toBe(0);
    await auditor.getByRole('link', { name: 'Timeline' }).click();
    await auditor.getByRole('heading', { name: 'Case timeline' }).waitFor();
    await auditor.locator('.timeline li').filter({ hasText: 'by officer-ada' }).first().waitFor();
    await auditor.locator('.timeline li').filter({ hasText: 'by lead-dee' }).first().waitFor();
    await checkPage(auditor, 'timeline');
    await auditor.getByRole('button', { name: 'Replay against the current code' }).click();
    await auditor.getByText(/Replayed: all \d+ runs are deterministic\./).waitFor({ timeout: 60_000 });
    const [history] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('button', { name: 'Download the history' }).click(),
    ]);
    const exported = JSON.parse(fs.readFileSync((await history.path())!, 'utf8')) as { format?: string };
    expect(exported.format).toMatch(/^da-case-history/);

    await auditor.getByRole('link', { name: 'Reports' }).click();
    await auditor.getByRole('button', { name: 'Show the report' }).click();
    await auditor.getByRole('heading', { name: 'On-time rate per timescale' }).first().waitFor();
    await auditor
      .getByRole('heading', { name: /^Information shared \(\d+\), by basis$/ })
      .first()
      .waitFor();
    await checkPage(auditor, 'reports');
    const [download] = await Promise.all([
      auditor.waitForEvent('download'),
      auditor.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^compliance-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toContain(',');
    expect(csv).toContain('stonewater');
  }, 120_000);

  it('lists the caseworker’s open cases with the deadline each owes next', async () => {
    const worker = await signIn('caseworker', 'officer-ada');
    await worker.getByRole('heading', { name: 'Open cases' }).waitFor();
    await worker.getByLabel('my cases only').uncheck();
    await worker.getByRole('checkbox', { name: /in breach only/ }).waitFor();
    await worker.getByRole('link', { name: 'Record a new disclosure' }).click();
    await worker.getByLabel('Survivor reference').fill(`${FICTIONAL_REFERENCE}-2`);
    await worker.getByRole('checkbox', { name: 'email', exact: true }).check();
    await worker.getByRole('button', { name: 'Record the disclosure' }).click();
    await worker.getByRole('cell', { name: 'Initial contact' }).waitFor();
    await worker.getByRole('link', { name: 'Cases' }).click();
    // Its due time reaches the list once the worker has worked it out: refresh the list until it shows.
    await eventually(
      async () => {
        await worker.getByRole('button', { name: 'Refresh the list' }).click();
        await worker.locator('tbody tr').first().waitFor();
        return worker.locator('tbody tr').first().innerText();
      },
      (row) => /Initial contact, due \d/.test(row),
    );
  }, 60_000);

  it('hides the screen with one key and shows it again with the same key, the form as it was', async () => {
    const worker = await signIn('caseworker', 'officer-ada');
    await worker.getByRole('link', { name: 'Record a new disclosure' }).click();
    await worker.getByLabel('Survivor reference').fill(FICTIONAL_REFERENCE);
    await worker.keyboard.press('Escape');
    expect(await worker.getByRole('heading', { name: 'Record a new disclosure' }).isVisible()).toBe(false);
    await worker.getByRole('button', { name: /Show the screen again/ }).waitFor();
    expect(await worker.title()).toBe('DA Case Orchestrator');
    await worker.keyboard.press('Escape');
    await worker.getByRole('heading', { name: 'Record a new disclosure' }).waitFor();
    // What was being typed is still there, and typing goes on where it was.
    expect(await worker.getByLabel('Survivor reference').inputValue()).toBe(FICTIONAL_REFERENCE);
    expect(await worker.evaluate<string>('document.activeElement.id')).toBe('survivor-reference');
  }, 60_000);
});
