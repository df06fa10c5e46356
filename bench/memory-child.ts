/**
 * One worker with a cache large enough for every case, in a process of its own, so that its heap
 * is only the worker's: opens BENCH_CHILD_CASES cases of BENCH_CHILD_KIND and prints the memory
 * before and after as one JSON line. Workflows run in the main thread (debugMode) with the same
 * reusable V8 context the threaded default uses, so v8 sees their heap.
 */
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../src/activities';
import { disclosureSchema } from '../src/case/disclosure';
import { openCase } from '../src/case/open-case';
import { loadPolicyProfiles } from '../src/policy/registry';
import { waitForCase } from '../src/case/repository';
import { defaultPartnerGateway } from '../src/children/partner-gateway';
import { createPool } from '../src/platform/db/pool';
import { temporalConnectionOptions } from '../src/platform/temporal/connection';
import { fictionalDisclosure } from '../test/fixtures/disclosures';
import { testDataConverter } from '../test/support/test-keys';
import { createBareActivities, waitForBareCase } from './bare/activities';
import { installQuietRuntime, runConcurrently, sleep } from './setup';

export type MemoryKind = 'product' | 'bare' | 'bare-zod';

export interface MemoryReport {
  kind: MemoryKind;
  cases: number;
  cached: number;
  /** opens whose first row had not appeared after 60 s (a saturated worker); they are waited for before "after" */
  late: number;
  heapBefore: number;
  heapAfter: number;
  rssBefore: number;
  rssAfter: number;
}

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (memory-child is started by bench/main.ts)`);
  return value;
};

function measure(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i += 1) gc();
  return { heap: v8.getHeapStatistics().used_heap_size, rss: process.memoryUsage().rss };
}

async function main(): Promise<void> {
  const kind = env('BENCH_CHILD_KIND') as MemoryKind;
  const cases = Number(env('BENCH_CHILD_CASES'));
  const address = env('BENCH_TEMPORAL_ADDRESS');
  installQuietRuntime();
  const pool = createPool(env('BENCH_DATABASE_URL'), 5);
  const native = await NativeConnection.connect({ address });
  const connection = await Connection.connect(temporalConnectionOptions(address));
  const product = kind === 'product';
  const client = new Client({
    connection,
    namespace: 'default',
    ...(product ? { dataConverter: testDataConverter } : {}),
  });
  const taskQueue = `bench-memory-${kind}-${randomUUID()}`;
  const worker = await Worker.create({
    connection: native,
    namespace: 'default',
    taskQueue,
    workflowBundle: { codePath: env('BENCH_BUNDLE') },
    debugMode: true,
    maxCachedWorkflows: cases + 50,
    ...(product
      ? {
          dataConverter: testDataConverter,
          activities: createActivities({ pool, notifier: {}, partners: defaultPartnerGateway }),
        }
      : { activities: createBareActivities(pool) }),
  });
  const running = worker.run();
  running.catch(() => undefined); // awaited at the end; a failure there ends the child with its error

  const profiles = loadPolicyProfiles().registry;
  let late = 0;
  const open = async (): Promise<void> => {
    if (product) {
      const disclosure = disclosureSchema.parse(fictionalDisclosure());
      const { caseId } = await openCase(
        { pool, client, taskQueue, profiles },
        disclosure,
        randomUUID(),
        new Date(),
        disclosure.caseOfficerId,
      );
      if (!(await waitForCase(pool, caseId, 60_000))) late += 1;
    } else {
      const caseId = randomUUID();
      await client.workflow.start(kind === 'bare' ? 'bareCaseWorkflow' : 'bareZodCaseWorkflow', {
        workflowId: `bare-${caseId}`,
        taskQueue,
        args: [{ caseId, disclosure: fictionalDisclosure() }],
      });
      if (!(await waitForBareCase(pool, caseId, 60_000))) late += 1;
    }
  };
  const quiet = async (): Promise<void> => {
    // The task after the last activity: wait until nothing is in flight for a whole second.
    for (let calm = 0; calm < 4; await sleep(250)) {
      const status = worker.getStatus();
      calm = status.numInFlightWorkflowActivations + status.numInFlightActivities === 0 ? calm + 1 : 0;
    }
  };

  // One case first, so the bundle and its context are loaded before the "before" figure.
  await open();
  await quiet();
  const before = measure();
  await runConcurrently(cases, 4, open);
  await quiet();
  const after = measure();
  // BENCH_HEAP_SNAPSHOT=<folder>: a heap snapshot of the worker with every case cached, to see what each case holds
  const snapshots = process.env.BENCH_HEAP_SNAPSHOT;
  if (snapshots)
    process.stderr.write(`memory-child: ${v8.writeHeapSnapshot(`${snapshots}/${kind}-${cases}.heapsnapshot`)}\n`);
  const report: MemoryReport = {
    kind,
    cases,
    cached: worker.getStatus().numCachedWorkflows - 1,
    late,
    heapBefore: before.heap,
    heapAfter: after.heap,
    rssBefore: before.rss,
    rssAfter: after.rss,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
  worker.shutdown();
  await running;
  await Promise.all([native.close(), connection.close(), pool.end()]);
}

main().catch((error: unknown) => {
  process.stderr.write(`memory-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
