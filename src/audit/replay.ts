import type { DataConverter } from '@temporalio/common';
import { Worker, type WorkerOptions } from '@temporalio/worker';

export interface RecordedHistory {
  workflowId: string;
  /** a History as the client fetches it, or its JSON form (`temporal workflow show --output json`) */
  history: unknown;
}

export interface ReplayOutcome {
  workflowId: string;
  runId: string;
  deterministic: boolean;
  /** the SDK's account of the first divergence: the command the code produced against the event recorded */
  firstDivergence?: string;
}

/**
 * Replays recorded histories against the workflow code as it is now. A running case whose history
 * no longer replays would fail on its next task, so any divergence here must be fixed (usually with
 * patched()) before the code is deployed.
 */
export async function replayHistories(
  histories: RecordedHistory[],
  options: { dataConverter: DataConverter; workflowBundle?: WorkerOptions['workflowBundle'] },
): Promise<ReplayOutcome[]> {
  const source = options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: require.resolve('../workflows') };
  const outcomes: ReplayOutcome[] = [];
  // The SDK takes a fetched History or its JSON form alike.
  for await (const result of Worker.runReplayHistories({ ...source, dataConverter: options.dataConverter, replayName: 'audit-replay' }, histories)) {
    outcomes.push({
      workflowId: result.workflowId,
      runId: result.runId,
      deterministic: result.error === undefined,
      firstDivergence: result.error?.message,
    });
  }
  return outcomes;
}
