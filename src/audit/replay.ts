import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../platform/logger';
import { FAILURE_CONVERTER_PATH } from '../platform/temporal/data-converter';
import { workflowBundleOptions } from '../workflow-bundle';

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
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  const source = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath, bundlerOptions: { preloadModules } };
  const outcomes: ReplayOutcome[] = [];
  // The SDK takes a fetched History or its JSON form alike.
  for await (const result of Worker.runReplayHistories(
    { ...source, dataConverter: options.dataConverter, replayName: 'audit-replay' },
    histories,
  )) {
    outcomes.push({
      workflowId: result.workflowId,
      runId: result.runId,
      deterministic: result.error === undefined,
      firstDivergence: result.error?.message,
    });
  }
  return outcomes;
}

/** The bundler's chatter is for developers; only its warnings and errors reach the app's log. */
const bundlerLogger = (logger: Logger) => ({
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => logger.warn({ component: 'replay-bundler' }, message),
  error: (message: string) => logger.error({ component: 'replay-bundler' }, message),
});

/**
 * The current workflow code bundled for replays, made on the first call and kept (most API
 * processes never replay); a failed bundle is not kept, so the next call tries again.
 */
export function replayBundler(logger: Logger): () => Promise<WorkflowBundleWithSourceMap> {
  let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
  return () => {
    bundle ??= bundleWorkflowCode({
      ...workflowBundleOptions(),
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: bundlerLogger(logger),
    }).catch((error: unknown) => {
      bundle = undefined;
      throw error;
    });
    return bundle;
  };
}
