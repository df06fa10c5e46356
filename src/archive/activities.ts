import { Context } from '@temporalio/activity';
import { historyToJSON, payloadToJSON } from '@temporalio/common/lib/proto-utils';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { recordAudit, SYSTEM_ROLE } from '../audit/log';
import { caseIdOfWorkflowId } from '../case/state';
import { getCaseQuery } from '../case/messages';
import { CHILD_KIND_DECLARATIONS } from '../children/kinds';
import { childStateQueryOf } from '../children/registry';
import { createArchiveStore, sha256Hex, type ArchivedRun } from './store';

/** The workflow types whose runs make up a case's record, each with the Query that answers its state. */
const QUERY_OF_TYPE: Record<string, string> = {
  caseWorkflow: getCaseQuery.name,
  ...Object.fromEntries(
    CHILD_KIND_DECLARATIONS.map((declared) => [declared.workflowType, childStateQueryOf(declared.kind).name]),
  ),
};

/** Listing starts this long before the newest close already archived: visibility may index a run late. */
const LISTING_MARGIN_MS = 24 * 60 * 60 * 1000;

/** The case a case's or child's workflow id belongs to: `case-<id>` or `case-<id>/<kind>-<n>`. */
const caseIdOf = (workflowId: string): string | undefined => caseIdOfWorkflowId(workflowId.split('/')[0]!);

/** The run's state as its Query answers it, still encrypted (read raw, never decoded here); absent when it cannot answer. */
async function encodedFinalState(client: Client, workflowId: string, runId: string, queryType: string) {
  try {
    const answer = await client.workflowService.queryWorkflow({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      query: { queryType },
    });
    const payload = answer.queryResult?.payloads?.[0];
    return payload ? payloadToJSON(payload) : undefined;
  } catch {
    // e.g. a run terminated by an operator whose code no longer answers: its history still proves it
    return undefined;
  }
}

export function createArchiveActivities(pool: Pool) {
  const store = createArchiveStore(pool);
  return {
    /**
     * Copies up to `batch` closed runs not yet archived into the archive, each with its SHA-256
     * chained into the audit log in the same transaction, then reads it back to verify. Idempotent:
     * a run already archived is skipped, so a retry or an overlapping schedule changes nothing.
     */
    async archiveClosedRuns({ batch }: { batch: number }): Promise<{ archived: number; more: boolean }> {
      const client = Context.current().client;
      const latest = await store.latestClosedAt();
      const since = latest ? new Date(Date.parse(latest) - LISTING_MARGIN_MS).toISOString() : undefined;
      const types = Object.keys(QUERY_OF_TYPE)
        .map((type) => `'${type}'`)
        .join(', ');
      const query = `ExecutionStatus != 'Running' AND WorkflowType IN (${types})${since ? ` AND CloseTime >= '${since}'` : ''}`;
      let archived = 0;
      for await (const execution of client.workflow.list({ query })) {
        if (archived >= batch) return { archived, more: true };
        const { workflowId, runId } = execution;
        const caseId = caseIdOf(workflowId);
        if (!caseId || !execution.closeTime || (await store.has(runId))) continue;
        const owner = await pool.query<{ organisation_id: string }>(
          'SELECT organisation_id FROM cases WHERE case_id = $1',
          [caseId],
        );
        const organisationId = owner.rows[0]?.organisation_id;
        if (!organisationId) continue; // a workflow of no recorded case (not the product's)
        const historyText = historyToJSON(await client.workflow.getHandle(workflowId, runId).fetchHistory());
        // A run that continued as new handed its state to the next run: only a last run's is kept (a Query replays it whole).
        const finalState =
          execution.status.name === 'CONTINUED_AS_NEW'
            ? undefined
            : await encodedFinalState(client, workflowId, runId, QUERY_OF_TYPE[execution.type]!);
        const run: ArchivedRun = {
          workflowId,
          runId,
          workflowType: execution.type,
          status: execution.status.name.toLowerCase(),
          startedAt: execution.startTime.toISOString(),
          closedAt: execution.closeTime.toISOString(),
          historyText,
          ...(finalState && { finalState }),
          sha256: sha256Hex(historyText),
        };
        const db = await pool.connect();
        try {
          await db.query('BEGIN');
          if (await store.put(db, run, caseId, organisationId))
            await recordAudit(db, {
              actorStaffId: 'archiver',
              actorRole: SYSTEM_ROLE,
              organisationId,
              caseId,
              action: 'archive.run_archived',
              outcome: 'accepted',
              detail: { workflowId, runId, status: run.status, sha256: run.sha256 },
            });
          await db.query('COMMIT');
        } catch (error) {
          await db.query('ROLLBACK');
          throw error;
        } finally {
          db.release();
        }
        // Verified as stored, so a run is never counted archived on a write that did not hold.
        if ((await store.storedHash(runId)) !== run.sha256)
          throw new Error(`archived run ${runId} did not read back with its SHA-256`);
        archived += 1;
      }
      return { archived, more: false };
    },
  };
}

/** What workflows call of these (as types only). */
export type ArchiveActivities = ReturnType<typeof createArchiveActivities>;
