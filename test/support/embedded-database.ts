import { spawn } from 'node:child_process';
import { projectRoot } from './product-process';

export interface EmbeddedDatabaseProcess {
  url: string;
  /** everything it logged so far */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The embedded database as `npm start` serves it (PGlite behind src/platform/runtime/pglite-session-server.ts,
 * on a free loopback port), from dist/ in a child process: PGlite's WebAssembly loader needs
 * ES-module dynamic imports, which jest's CommonJS sandbox does not offer. `npm test` builds dist/
 * first (pretest).
 */
export async function startEmbeddedDatabaseProcess(
  dataDir: string,
  options: { idleInTransactionTimeoutMs?: number } = {},
): Promise<EmbeddedDatabaseProcess> {
  const script = `
    const { PGlite } = require('@electric-sql/pglite');
    const { servePGliteSessions } = require('./dist/src/platform/runtime/pglite-session-server.js');
    const { createLogger } = require('./dist/src/platform/logger.js');
    (async () => {
      const db = await PGlite.create(process.argv[1]);
      const options = JSON.parse(process.argv[2]);
      const server = await servePGliteSessions({ db, host: '127.0.0.1', port: 0, logger: createLogger('warn', false), ...options });
      process.stdout.write('listening on ' + server.port + '\\n');
      process.on('SIGTERM', async () => { await server.stop(); await db.close(); process.exit(0); });
    })();
  `;
  const child = spawn(process.execPath, ['-e', script, dataDir, JSON.stringify(options)], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const listening = /listening on (\d+)/.exec(output);
      if (listening) resolve(Number(listening[1]));
    });
    child.once('exit', (code) => reject(new Error(`the embedded database exited with ${code}:\n${output}`)));
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
