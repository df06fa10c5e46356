import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client as PgClient, type Pool } from 'pg';
import { migrateToLatest } from '../src/platform/db/migrate';
import { createPool } from '../src/platform/db/pool';

/**
 * The provisioned PostgreSQL the tests use (`databaseUrl` in .tools/test-env.json, written by
 * scripts/provision-all.sh). test/support/database.ts finds that file from its source folder, which
 * the compiled bench is not in, hence these few lines of its own: a fresh migrated database, dropped after.
 */
export async function createBenchDatabase(root: string): Promise<{ url: string; pool: Pool; drop(): Promise<void> }> {
  const envFile = path.join(root, '.tools/test-env.json');
  if (!fs.existsSync(envFile))
    throw new Error(`${envFile} is missing: run scripts/provision-all.sh (or npm test) first`);
  const adminUrl: unknown = JSON.parse(fs.readFileSync(envFile, 'utf8')).databaseUrl;
  if (typeof adminUrl !== 'string' || !adminUrl) throw new Error(`${envFile} names no databaseUrl`);
  const admin = async (sql: string) => {
    const client = new PgClient({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  const name = `dacase_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateToLatest(url.toString());
  const pool = createPool(url.toString(), 5);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
