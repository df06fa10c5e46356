import { createHash } from 'node:crypto';
import type { JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { Pool } from 'pg';
import type { Queryable } from '../platform/db/queryable';

/** One closed run as the archive keeps it: the history as Temporal stored it (payloads encrypted). */
export interface ArchivedRun {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: string;
  startedAt: string;
  closedAt: string;
  /** the exact text hashed: the history's JSON form */
  historyText: string;
  /** the run's last state, as its Query answered: a payload still encrypted by the codec */
  finalState?: JSONPayload;
  sha256: string;
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** A run as the archive gives it back: its history, checked against the hash it was archived with. */
export interface ArchivedHistory {
  runId: string;
  workflowType: string;
  /** its JSON form, as `temporal workflow show --output json` writes it */
  history: { events: unknown[] };
  sha256: string;
  closedAt: string;
  finalState?: JSONPayload;
}

/** An archived history whose text no longer has the hash it was archived with: tampered or damaged. */
export class ArchiveIntegrityError extends Error {
  constructor(readonly runId: string) {
    super(`archived run ${runId} does not match its SHA-256: the archive was altered`);
    this.name = 'ArchiveIntegrityError';
  }
}

/** What readers (export, replay, timeline) ask of the archive. */
export interface ArchiveReader {
  /** every archived run of one workflow id, oldest first */
  runsOf(workflowId: string): Promise<ArchivedHistory[]>;
}

export function createArchiveStore(pool: Pool) {
  return {
    async has(runId: string): Promise<boolean> {
      const found = await pool.query('SELECT 1 FROM archived_runs WHERE run_id = $1', [runId]);
      return (found.rowCount ?? 0) > 0;
    },
    /** The newest close time archived: listing starts a margin before it, so a late-indexed run is not missed. */
    async latestClosedAt(): Promise<string | undefined> {
      const latest = await pool.query<{ closed_at: Date | null }>(
        'SELECT max(closed_at) AS closed_at FROM archived_runs',
      );
      return latest.rows[0]?.closed_at?.toISOString();
    },
    /** Stores a run once: a retry, or a run archived already, changes nothing. True when this call stored it. */
    async put(db: Queryable, run: ArchivedRun, caseId: string, organisationId: string): Promise<boolean> {
      const inserted = await db.query(
        `INSERT INTO archived_runs (run_id, workflow_id, case_id, organisation_id, workflow_type, status, started_at, closed_at, history, final_state, sha256)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11) ON CONFLICT (run_id) DO NOTHING`,
        [
          run.runId,
          run.workflowId,
          caseId,
          organisationId,
          run.workflowType,
          run.status,
          run.startedAt,
          run.closedAt,
          run.historyText,
          run.finalState ? JSON.stringify(run.finalState) : null,
          run.sha256,
        ],
      );
      return (inserted.rowCount ?? 0) > 0;
    },
    /** The stored text's hash, recomputed: what a verification compares with the one recorded. */
    async storedHash(runId: string): Promise<string | undefined> {
      const row = await pool.query<{ history: string }>('SELECT history FROM archived_runs WHERE run_id = $1', [runId]);
      return row.rows[0] ? sha256Hex(row.rows[0].history) : undefined;
    },
  };
}

export function createArchiveReader(pool: Pool): ArchiveReader {
  return {
    async runsOf(workflowId) {
      const rows = await pool.query<{
        run_id: string;
        workflow_type: string;
        history: string;
        sha256: string;
        closed_at: Date;
        final_state: JSONPayload | null;
      }>(
        `SELECT run_id, workflow_type, history, sha256, closed_at, final_state FROM archived_runs
         WHERE workflow_id = $1 ORDER BY started_at, closed_at`,
        [workflowId],
      );
      return rows.rows.map((row) => {
        if (sha256Hex(row.history) !== row.sha256) throw new ArchiveIntegrityError(row.run_id);
        return {
          runId: row.run_id,
          workflowType: row.workflow_type,
          history: JSON.parse(row.history) as { events: unknown[] },
          sha256: row.sha256,
          closedAt: row.closed_at.toISOString(),
          ...(row.final_state && { finalState: row.final_state }),
        };
      });
    },
  };
}
