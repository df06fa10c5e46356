import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../../src/platform/paths';

/** Paths resolved by scripts/provision-all.sh (run by `npm test`'s pretest). */
const testEnvSchema = z.object({
  temporalCliPath: z.string(),
  timeSkippingServerPath: z.string().min(1),
  databaseUrl: z.string().min(1),
  /** Debian's chromium, for the browser tests (scripts/provision-chromium.sh) */
  chromiumPath: z.string().min(1),
});
export type TestEnv = z.infer<typeof testEnvSchema>;

export const testEnvFile = path.join(projectRoot, '.tools/test-env.json');

export function readTestEnv(): TestEnv {
  if (!fs.existsSync(testEnvFile)) {
    throw new Error(
      `${testEnvFile} is missing: run \`npm test\` (or scripts/provision-all.sh) to provision the test servers`,
    );
  }
  return testEnvSchema.parse(JSON.parse(fs.readFileSync(testEnvFile, 'utf8')));
}

/**
 * The workflows bundled by the global setup, one file per checkout: .tools may be shared between
 * checkouts (a link), and a bundle of another checkout's code would test that code instead.
 */
export const workflowBundleFile = path.join(
  os.tmpdir(),
  `da-case-test-workflows-${createHash('sha256').update(projectRoot).digest('hex').slice(0, 12)}.js`,
);
