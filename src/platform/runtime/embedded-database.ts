import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Logger } from '../logger';
import { embeddedDatabaseUrlFile } from '../paths';
import { servePGliteSessions } from './pglite-session-server';
import { ensurePortFree } from './ports';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL-compatible database in-process (PGlite), kept on disk under DATA_DIR/pglite and
 * served over the PostgreSQL wire protocol on loopback so the same `pg` code runs as in
 * production, for the API, the worker and the audit CLI at once.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  await ensurePortFree('127.0.0.1', port, 'EMBEDDED_DATABASE_PORT');
  const pgliteDir = path.join(dataDir, 'pglite');
  fs.mkdirSync(pgliteDir, { recursive: true });
  const db = await PGlite.create(pgliteDir);
  const server = await servePGliteSessions({ db, host: '127.0.0.1', port, logger });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  const urlFile = embeddedDatabaseUrlFile(dataDir);
  fs.writeFileSync(urlFile, `${url}\n`);
  return {
    url,
    async stop() {
      fs.rmSync(urlFile, { force: true });
      await server.stop();
      await db.close();
    },
  };
}
