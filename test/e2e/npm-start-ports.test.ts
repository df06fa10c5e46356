import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { occupiedPort, productEnvironment, projectRoot } from '../support/product-process';

/**
 * `npm start` (the built all-in-one) when a port it needs is taken: it stops, naming the port and
 * the variable that moves it, instead of claiming to run (API) or joining whatever server holds
 * the port (Temporal, which would poll another product's task queue with another key).
 */
async function startWith(overrides: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dacase-ports-'));
  const env: NodeJS.ProcessEnv = { ...(await productEnvironment(dataDir)), ...overrides };
  const product = spawn(process.execPath, ['dist/src/bin/all-in-one.js'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  product.stdout.on('data', (chunk) => (output += chunk));
  product.stderr.on('data', (chunk) => (output += chunk));
  try {
    const code = await new Promise<number | null>((resolve) => {
      product.once('exit', resolve);
      // A start that comes up despite the busy port is the failure: stop it, the test then fails on its exit code.
      const check = setInterval(() => {
        if (output.includes('Stop with Ctrl-C')) product.kill('SIGINT');
      }, 200);
      product.once('exit', () => clearInterval(check));
    });
    return { code, output };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('npm start with a port already taken', () => {
  it.each(['PORT', 'TEMPORAL_DEV_SERVER_PORT', 'TEMPORAL_UI_PORT'])(
    'stops and names %s instead of running',
    async (variable) => {
      const taken = await occupiedPort();
      try {
        const { code, output } = await startWith({ [variable]: String(taken.port) });
        expect(output).toContain(
          `127.0.0.1:${taken.port} is not available (already in use); stop what is using it or set ${variable} to another port`,
        );
        expect(output).not.toContain('is running');
        expect(code).not.toBe(0);
      } finally {
        await taken.release();
      }
    },
    120_000,
  );
});
