import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Client } from 'pg';
import { embeddedDatabaseUrlFile } from '../../src/platform/paths';
import { fictionalDisclosure } from '../fixtures/disclosures';
import {
  productEnvironment,
  projectRoot,
  startProduct,
  tokenFromBanner,
  type ProductProcess,
} from '../support/product-process';

/**
 * `npm start` as a user runs it: the built all-in-one on embedded defaults (Temporal dev server,
 * PGlite), stopped with Ctrl-C and started again. `npm test` builds dist/ first (pretest).
 */
describe('npm start', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let product: ProductProcess | undefined;
  let output = '';

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-start-'));
    env = await productEnvironment(dataDir);
  });
  afterAll(() => {
    product?.child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    product = await startProduct(env);
    output = product.output();
  }

  /** Ctrl-C; resolves with the exit code and what was printed while stopping. */
  async function stop(): Promise<{ code: number | null; stopping: string }> {
    const before = product!.output().length;
    const exited = new Promise<number | null>((resolve) => product!.child.once('exit', resolve));
    product!.child.kill('SIGINT');
    const code = await exited;
    return { code, stopping: product!.output().slice(before) };
  }

  /** A clean stop says nothing alarming: no dial errors, no half-stopped component, no error lines. */
  function expectCleanStop(stopped: { code: number | null; stopping: string }): void {
    expect(stopped.stopping).not.toMatch(/network dial error|did not stop cleanly|Cannot use a pool|"level":(50|60)/);
    expectOneFormat(stopped.stopping);
    expect(stopped.code).toBe(0);
  }

  /**
   * One format: our start-up lines (indented) and our pino lines, nothing the Temporal dev server
   * prints itself (its banner names its internal UI port, which is not the one to open).
   */
  function expectOneFormat(printed: string): void {
    const foreign = printed
      .split('\n')
      .filter(
        (line) =>
          line.trim() !== '' &&
          !line.startsWith('  ') &&
          !/^\{"level":\d+,"time":\d+,"service":"da-case-orchestrator"/.test(line),
      );
    expect(foreign).toEqual([]);
  }

  const call = async (
    method: string,
    route: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any }> => {
    const response = await fetch(`http://127.0.0.1:${env.PORT}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };

  it('serves the API and the Temporal UI, keeps every case across a restart, and stops cleanly', async () => {
    await start();
    expectOneFormat(output);
    expect(output).toContain(`API:          http://127.0.0.1:${env.PORT}`);
    expect(output).toContain(`Temporal UI:  http://127.0.0.1:${env.TEMPORAL_UI_PORT}`);
    expect((await fetch(`http://127.0.0.1:${env.TEMPORAL_UI_PORT}/`)).status).toBe(200);

    // The token command the banner prints, run as a user would.
    const token = await tokenFromBanner(product!, env);

    const opened = await call('POST', '/cases', token, fictionalDisclosure(), { 'Idempotency-Key': 'npm-start-0001' });
    expect(opened.status).toBe(201);
    const { caseId } = opened.body;
    expect(
      (await call('POST', `/cases/${caseId}/contact-attempts`, token, { outcome: 'reached', channel: 'text' })).status,
    ).toBe(200);

    expectCleanStop(await stop());
    await start();
    const after = await call('GET', `/cases/${caseId}/state`, token);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      caseId,
      status: 'open',
      contactAttempts: [expect.objectContaining({ outcome: 'reached' })],
    });
    expect((await call('GET', '/cases', token)).body.items.map((item: { caseId: string }) => item.caseId)).toEqual([
      caseId,
    ]);
    expectCleanStop(await stop());
  }, 240_000);

  it('serves the API while another client holds a database connection, and the audit CLI verifies the logs on the embedded database beside them', async () => {
    await start();
    const token = await tokenFromBanner(product!, env);
    expect(
      (await call('POST', '/cases', token, fictionalDisclosure(), { 'Idempotency-Key': 'npm-start-0002' })).status,
    ).toBe(201);

    // A client that holds a connection open the whole time.
    const holder = new Client({ connectionString: fs.readFileSync(embeddedDatabaseUrlFile(dataDir), 'utf8').trim() });
    await holder.connect();
    try {
      // As a user runs it beside `npm start`: no DATABASE_URL, the same DATA_DIR.
      const audit = spawn('npm', ['run', '--silent', 'audit', '--', 'verify'], {
        cwd: projectRoot,
        env: { PATH: env.PATH, HOME: env.HOME, DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let printed = '';
      audit.stdout.on('data', (chunk) => (printed += chunk));
      audit.stderr.on('data', (chunk) => (printed += chunk));
      const exited = new Promise<number | null>((resolve) => audit.once('exit', resolve));
      let auditDone = false;
      void exited.then(() => (auditDone = true));

      // Requests go on while the CLI runs (its own session may fall between them: what is certain
      // is the holder's connection, open throughout, which alone made every request a 500 before).
      const statuses: number[] = [];
      do {
        statuses.push(
          (await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status,
          (await call('GET', '/cases', token)).status,
        );
      } while (!auditDone);
      expect(await exited).toBe(0);
      expect(printed).toMatch(/^audit_log: \d+ rows?, OK \(head [0-9a-f]{64}\)$/m);
      expect(printed).toMatch(/^access_log: \d+ rows?, OK /m);
      expect(new Set(statuses)).toEqual(new Set([200]));
      expect((await holder.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await holder.end();
    }
    expectCleanStop(await stop());
  }, 240_000);
});
