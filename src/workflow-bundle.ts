import type { BundleOptions } from '@temporalio/worker';

/**
 * Modules of the workflow bundle loaded once per reusable V8 context, before any workflow exists,
 * and shared by every workflow in it (the SDK's `preloadModules`; the SDK deep-freezes them after
 * loading). Without this each cached workflow instantiates its own copy of every module it reaches:
 * zod, every zod schema, the policy profile schema and defaults, the rules. `./workflow-shared`
 * imports what may be shared and says why; whatever it reaches comes with it.
 *
 * Identifiers are resolved by webpack like imports written in `src/workflows.ts` (its generated
 * entry point is that file's sibling), so each names the same module the workflow code imports.
 */
export const PRELOADED_WORKFLOW_MODULES: readonly string[] = ['./workflow-shared'];

/**
 * What every build of the workflow bundle passes to `bundleWorkflowCode` (the worker, the audit
 * replays, the tests' shared bundle, the bench), so that none of them drifts from the others.
 */
export function workflowBundleOptions(): Required<Pick<BundleOptions, 'workflowsPath' | 'preloadModules'>> {
  return { workflowsPath: require.resolve('./workflows'), preloadModules: [...PRELOADED_WORKFLOW_MODULES] };
}
