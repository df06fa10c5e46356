import type { Pool } from 'pg';

export const BARE_TABLE_DDL = `CREATE TABLE IF NOT EXISTS bench_bare_events (
  case_id text NOT NULL, kind text NOT NULL, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, seq))`;

/** The bare baseline's only activity: one INSERT with pg, as the product's projection write is one statement. */
export function createBareActivities(pool: Pool) {
  return {
    async insertEvent(caseId: string, kind: string, seq: number): Promise<void> {
      await pool.query(
        'INSERT INTO bench_bare_events (case_id, kind, seq) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [caseId, kind, seq],
      );
    },
  };
}
export type BareActivities = ReturnType<typeof createBareActivities>;

/** Polls for the case's opening row with the same back-off as the product's read-your-write wait (waitForCase). */
export async function waitForBareCase(pool: Pool, caseId: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const found = await pool.query('SELECT 1 FROM bench_bare_events WHERE case_id = $1 AND seq = 0', [caseId]);
    if (found.rowCount) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
