import fs from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../../src/platform/temporal/data-converter';
import { workflowBundleOptions } from '../../src/workflow-bundle';
import { readTestEnv, workflowBundleFile } from './test-env';

/** Bundles the workflows once for every test file's workers instead of once per file. */
export default async function globalSetup(): Promise<void> {
  readTestEnv();
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    failureConverterPath: FAILURE_CONVERTER_PATH,
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: console.warn,
      error: console.error,
    },
  });
  fs.writeFileSync(workflowBundleFile, code);
}
