import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ensurePortFree } from './ports';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL-compatible database in-process (PGlite), kept on disk and served over the
 * PostgreSQL wire protocol on loopback so the same `pg` code runs as in production.
 */
export async function startEmbeddedDatabase(dataDir: string, port: number): Promise<EmbeddedDatabase> {
  await ensurePortFree('127.0.0.1', port, 'EMBEDDED_DATABASE_PORT');
  fs.mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port });
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
