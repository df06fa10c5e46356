import { Pool } from 'pg';

export function createPool(connectionString: string, max: number): Pool {
  // A pool error (e.g. the server restarted) must not crash the process; queries report it.
  // A database that does not answer fails a request within seconds (503), rather than holding it.
  const pool = new Pool({ connectionString, max, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 });
  pool.on('error', () => undefined);
  return pool;
}
