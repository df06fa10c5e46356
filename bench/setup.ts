import fs from 'node:fs/promises';
import path from 'node:path';
import { DefaultLogger, Runtime, bundleWorkflowCode, type BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../src/platform/temporal/data-converter';
import { workflowBundleOptions } from '../src/workflow-bundle';

/** Once per process, before any native connection: warnings only, and signals left to the bench. */
export function installQuietRuntime(): void {
  if (Runtime._instance) return;
  Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
}

const quietBundler = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => process.stderr.write(`bundler: ${message}\n`),
  error: (message: string) => process.stderr.write(`bundler: ${message}\n`),
};

export interface Bundles {
  /** the product's workflows, bundled as the tests bundle them (test/support/global-setup.ts) */
  product: string;
  /** the bare baseline */
  bare: string;
  /** the bare baseline with zod */
  bareZod: string;
}

/** Bundles the three workflow sets once into `dir`; workers here and in child processes load the files. */
export async function writeBundles(dir: string): Promise<Bundles> {
  const bundle = async (
    name: string,
    options: Pick<BundleOptions, 'workflowsPath' | 'failureConverterPath' | 'preloadModules'>,
  ) => {
    const { code } = await bundleWorkflowCode({ ...options, logger: quietBundler });
    const file = path.join(dir, `${name}-workflows.js`);
    await fs.writeFile(file, code);
    return file;
  };
  return {
    product: await bundle('product', { ...workflowBundleOptions(), failureConverterPath: FAILURE_CONVERTER_PATH }),
    bare: await bundle('bare', { workflowsPath: require.resolve('./bare/workflows') }),
    bareZod: await bundle('bare-zod', { workflowsPath: require.resolve('./bare/zod-workflows') }),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `total` operations on `concurrency` loops; the wall time of the lot in ms. */
export async function runConcurrently(total: number, concurrency: number, op: () => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        next += 1;
        await op();
      }
    }),
  );
  return performance.now() - started;
}
