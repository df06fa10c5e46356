import { randomBytes } from 'node:crypto';
import { Client as PgClient, type Pool } from 'pg';
import { migrateToLatest } from '../../src/platform/db/migrate';
import { createPool } from '../../src/platform/db/pool';
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

/** A fresh, migrated database on the real PostgreSQL server, so test files (and bench runs) never share rows. */
export async function createTestDatabase(prefix = 'dacase_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
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
      await dropDatabase(name);
    },
  };
}

/** The same pool, except that the access log cannot be written: as when the database refuses the append. */
export function withUnwritableAccessLog(pool: Pool): Pool {
  return new Proxy(pool, {
    get(target, property) {
      if (property === 'query') {
        return (text: unknown, ...rest: unknown[]) =>
          typeof text === 'string' && text.includes('INSERT INTO access_log')
            ? Promise.reject(new Error('test: the access log is unavailable'))
            : (target.query as (...args: unknown[]) => unknown)(text, ...rest);
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** 42501: may not end a backend on the database (a superuser's); 55006: it is still in use. */
const BACKEND_IN_THE_WAY = new Set(['42501', '55006']);

/**
 * Drops a test database, ending its connections. A backend the test role may not end (a
 * superuser's, or autovacuum before provisioning granted pg_signal_backend) is short-lived: wait
 * and try again, and in the end leave the database behind rather than fail a test over it.
 */
async function dropDatabase(name: string, attempts = 40): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !BACKEND_IN_THE_WAY.has(code)) throw error;
      if (attempt >= attempts) {
        process.stderr.write(`test database ${name} left behind: another backend would not let go of it\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
