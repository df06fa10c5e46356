import { randomBytes } from 'node:crypto';
import { Client as PgClient, type Pool } from 'pg';
import { migrateToLatest } from '../../src/db/migrate';
import { createPool } from '../../src/db/pool';
import { readTestEnv } from './test-env';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

async function admin<T>(run: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: readTestEnv().databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database on the real PostgreSQL server, so test files never share rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `dacase_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(readTestEnv().databaseUrl);
  url.pathname = `/${name}`;
  await migrateToLatest(url.toString());
  const pool = createPool(url.toString(), 5);
  return {
    url: url.toString(),
    pool,
    async drop() {
      await pool.end();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
