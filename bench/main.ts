/**
 * `npm run bench`: the product against a bare-Temporal baseline, interleaved in one process on the
 * same embedded Temporal dev server and the same PostgreSQL, printed as one table (stdout; progress
 * on stderr). Never a test: nothing here passes or fails on a figure.
 */
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import pino from 'pino';
import { createPool } from '../src/platform/db/pool';
import { projectRoot } from '../src/platform/paths';
import { startEmbeddedTemporal } from '../src/platform/runtime/embedded-temporal';
import { freeLoopbackPort } from '../src/platform/runtime/ports';
import { temporalConnectionOptions } from '../src/platform/temporal/connection';
import { createCaseWorker } from '../src/worker';
import { fictionalDisclosure } from '../test/fixtures/disclosures';
import { startApi, type RunningApi } from '../test/support/api-server';
import { seedStaff } from '../test/support/case-harness';
import { createTestDatabase } from '../test/support/database';
import { testDataConverter, testKey } from '../test/support/test-keys';
import { BARE_TABLE_DDL, createBareActivities, waitForBareCase } from './bare/activities';
import { bareActionUpdate } from './bare/contract';
import { bareCaseWorkflow } from './bare/workflows';
import type { MemoryKind, MemoryReport } from './memory-child';
import { describeOptions, readOptions, type BenchOptions } from './options';
import { installQuietRuntime, runConcurrently, sleep, writeBundles, type Bundles } from './setup';
import { fmt, latencySummary, median, ratioSummary, renderTable, roundRatios, spreadSummary, type Row } from './stats';

const goldenDir = path.join(projectRoot, 'test/golden/histories');
const progress = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
const officer = {
  staffId: 'officer-ada',
  role: 'caseworker',
  organisationId: 'stonewater',
  teamId: 'team-north',
} as const;

type History = temporal.api.history.v1.IHistory;

/** Both sides behind one interface, so every figure runs the same loop for each. */
interface Side {
  name: 'product' | 'bare';
  client: Client;
  /** opens a case and returns once it can be read back (the product's POST /cases waits for its projection) */
  open(): Promise<string>;
  /** one staff action on the case, returned when acknowledged */
  act(caseId: string): Promise<void>;
  workflowId(caseId: string): string;
  dataConverter?: DataConverter;
  /** opens answered before the case could be read back (the product's 202 "opening", after its read-your-write wait) */
  unconfirmedOpens: number;
}

function productSide(api: RunningApi, token: string, client: Client): Side {
  return {
    name: 'product',
    client,
    dataConverter: testDataConverter,
    unconfirmedOpens: 0,
    workflowId: (caseId) => `case-${caseId}`,
    async open() {
      const response = await api.call('POST', '/cases', {
        token,
        body: fictionalDisclosure(),
        headers: { 'Idempotency-Key': `bench-${randomUUID()}` },
      });
      // 202: the workflow started but its projection did not appear within the API's wait (a saturated worker).
      if (response.status === 202) this.unconfirmedOpens += 1;
      else if (response.status !== 201)
        throw new Error(`POST /cases answered ${response.status}: ${JSON.stringify(response.body)}`);
      return response.body.caseId as string;
    },
    async act(caseId) {
      const response = await api.call('POST', `/cases/${caseId}/contact-attempts`, {
        token,
        body: { outcome: 'not_reached', channel: 'text' },
      });
      if (response.status !== 200)
        throw new Error(`contact attempt answered ${response.status}: ${JSON.stringify(response.body)}`);
    },
  };
}

function bareSide(client: Client, pool: Pool, taskQueue: string): Side {
  const workflowId = (caseId: string) => `bare-${caseId}`;
  return {
    name: 'bare',
    client,
    workflowId,
    unconfirmedOpens: 0,
    async open() {
      const caseId = randomUUID();
      await client.workflow.start(bareCaseWorkflow, {
        workflowId: workflowId(caseId),
        taskQueue,
        args: [{ caseId, disclosure: { ...fictionalDisclosure() } }],
      });
      // The same 10 s wait as the product's API is given here (test/support/api-server.ts).
      if (!(await waitForBareCase(pool, caseId, 10_000))) this.unconfirmedOpens += 1;
      return caseId;
    },
    async act(caseId) {
      await client.workflow.getHandle(workflowId(caseId)).executeUpdate(bareActionUpdate, {
        args: [{ kind: 'contact_attempt' }],
      });
    },
  };
}

const timed = async <T>(op: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await op();
  return { ms: performance.now() - started, value };
};

/** Product and bare alternate within each round, and which goes first alternates between rounds. */
async function interleaved<T>(
  rounds: number,
  sides: [Side, Side],
  run: (side: Side, round: number) => Promise<T>,
): Promise<{ product: T[]; bare: T[] }> {
  const results = { product: [] as T[], bare: [] as T[] };
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? sides : ([sides[1], sides[0]] as const);
    for (const side of order) results[side.name].push(await run(side, round));
  }
  return results;
}

/** The history once the workflow is idle: no task or activity pending, its length unchanged over two polls. */
async function settledHistory(client: Client, workflowId: string): Promise<History> {
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + 30_000;
  let lastLength = -1;
  for (let stable = 0; ;) {
    const { raw } = await handle.describe();
    const history = await handle.fetchHistory();
    const events = history.events ?? [];
    const idle = !raw.pendingWorkflowTask && (raw.pendingActivities?.length ?? 0) === 0;
    stable = idle && events.length === lastLength ? stable + 1 : 0;
    if (stable >= 2) return history;
    if (Date.now() > deadline) throw new Error(`${workflowId} did not settle within 30 s (${events.length} events)`);
    lastLength = events.length;
    await sleep(300);
  }
}

const historySize = (history: History) => ({
  events: history.events?.length ?? 0,
  protoBytes: temporal.api.history.v1.History.encode(history).finish().length,
  jsonBytes: Buffer.byteLength(historyToJSON(history as temporal.api.history.v1.History)),
});

const kB = (bytes: number) => bytes / 1000;

async function replayRate(
  histories: { workflowId: string; history: unknown; events: number }[],
  bundle: string,
  dataConverter?: DataConverter,
): Promise<{ eventsPerSecond: number; historiesPerSecond: number; diverged: number }> {
  let diverged = 0;
  const started = performance.now();
  for await (const result of Worker.runReplayHistories(
    { workflowBundle: { codePath: bundle }, replayName: 'bench-replay', ...(dataConverter ? { dataConverter } : {}) },
    histories.map(({ workflowId, history }) => ({ workflowId, history })),
  ))
    if (result.error) diverged += 1;
  const seconds = (performance.now() - started) / 1000;
  const events = histories.reduce((sum, { events: count }) => sum + count, 0);
  return { eventsPerSecond: events / seconds, historiesPerSecond: histories.length / seconds, diverged };
}

function runMemoryChild(kind: MemoryKind, bundle: string, cases: number, address: string, databaseUrl: string) {
  return new Promise<MemoryReport>((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'memory-child.js')], {
      env: {
        ...process.env,
        BENCH_CHILD_KIND: kind,
        BENCH_CHILD_CASES: String(cases),
        BENCH_TEMPORAL_ADDRESS: address,
        BENCH_DATABASE_URL: databaseUrl,
        BENCH_BUNDLE: bundle,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`memory child (${kind}) exited ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1)!) as MemoryReport);
      } catch (error) {
        reject(new Error(`memory child (${kind}) printed no report`, { cause: error }));
      }
    });
  });
}

/** The audit CLI as shipped (`npm run audit -- replay <file>`), on one golden history; its wall time. */
function timeAuditReplay(file: string, workflowId: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(projectRoot, 'dist/src/bin/audit.js'), 'replay', file, '--workflow-id', workflowId],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          LOG_LEVEL: 'error',
          PAYLOAD_ENCRYPTION_KEYS: `public-test-key:${testKey.toString('base64')}`,
        },
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`audit replay failed: ${error.message}\n${stdout}\n${stderr}`));
        if (!/all deterministic/.test(stdout)) return reject(new Error(`audit replay did not pass:\n${stdout}`));
        resolve(performance.now() - started);
      },
    );
  });
}

async function bench(options: BenchOptions, bundles: Bundles, dataDir: string, cleanups: (() => Promise<unknown>)[]) {
  const rows: Row[] = [];
  const notes: string[] = [];

  progress('starting PostgreSQL database, embedded Temporal dev server, workers and API');
  const db = await createTestDatabase('dacase_bench');
  cleanups.push(() => db.drop());
  await seedStaff(db, 'stonewater');
  const barePool = createPool(db.url, 5);
  cleanups.push(() => barePool.end());
  await barePool.query(BARE_TABLE_DDL);

  const server = await startEmbeddedTemporal({
    dataDir,
    port: await freeLoopbackPort(),
    uiPort: await freeLoopbackPort(),
    namespace: 'default',
    uiCodecEndpoint: 'http://127.0.0.1:9/codec',
    // The dev server's errors (e.g. SQLite contention) to stderr, so stdout keeps only the table.
    logger: pino({ level: 'error', base: { component: 'bench' } }, pino.destination(2)),
  });
  cleanups.push(() => server.stop());
  const connection = await Connection.connect(temporalConnectionOptions(server.address));
  cleanups.push(() => connection.close());
  const native = await NativeConnection.connect({ address: server.address });
  cleanups.push(() => native.close());
  const productClient = new Client({ connection, namespace: 'default', dataConverter: testDataConverter });
  const bareClient = new Client({ connection, namespace: 'default' });

  const productQueue = `bench-product-${randomUUID()}`;
  const bareQueue = `bench-bare-${randomUUID()}`;
  const productWorker = await createCaseWorker({
    connection: native,
    namespace: 'default',
    taskQueue: productQueue,
    pool: db.pool,
    notifier: {},
    dataConverter: testDataConverter,
    workflowBundle: { codePath: bundles.product },
  });
  const bareWorker = await Worker.create({
    connection: native,
    namespace: 'default',
    taskQueue: bareQueue,
    workflowBundle: { codePath: bundles.bare },
    activities: createBareActivities(barePool),
  });
  for (const worker of [productWorker, bareWorker]) {
    // A worker that fails mid-run is reported at its cleanup, not left to end the process before it.
    const running = worker.run();
    running.catch(() => undefined);
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
  }
  const api = await startApi({ pool: db.pool, client: productClient, taskQueue: productQueue });
  cleanups.push(() => api.close());
  const token = await api.tokenFor(officer);
  const sides: [Side, Side] = [productSide(api, token, productClient), bareSide(bareClient, barePool, bareQueue)];
  const opened = { product: [] as string[], bare: [] as string[] };

  progress('warming up');
  for (const side of sides) for (let i = 0; i < 3; i += 1) await side.act(await side.open());

  const latencyRows = (figure: string, result: { product: number[][]; bare: number[][] }) => {
    rows.push({
      figure: `${figure}`,
      product: latencySummary(result.product.flat()),
      bare: latencySummary(result.bare.flat()),
      ratio: `p50 ${ratioSummary(roundRatios(result.product.map(median), result.bare.map(median)))}`,
    });
  };

  if (options.sections.has('open') || options.sections.has('action')) {
    progress(`open latency: ${options.rounds} rounds × ${options.openSamples} sequential opens per side`);
    const result = await interleaved(options.rounds, sides, async (side) => {
      const samples: number[] = [];
      for (let i = 0; i < options.openSamples; i += 1) {
        const { ms, value } = await timed(() => side.open());
        samples.push(ms);
        opened[side.name].push(value);
      }
      return samples;
    });
    if (options.sections.has('open')) latencyRows('open a case (POST /cases vs start + INSERT)', result);
  }

  if (options.sections.has('throughput')) {
    for (const concurrency of options.concurrency) {
      progress(`throughput: ${options.throughputOps} opens per side per round at ${concurrency} concurrent clients`);
      const result = await interleaved(options.rounds, sides, async (side) => {
        const ms = await runConcurrently(options.throughputOps, concurrency, () => side.open());
        return options.throughputOps / (ms / 1000);
      });
      rows.push({
        figure: `cases opened/s, ${concurrency} concurrent client${concurrency === 1 ? '' : 's'}`,
        product: spreadSummary(result.product, '/s'),
        bare: spreadSummary(result.bare, '/s'),
        ratio: ratioSummary(roundRatios(result.product, result.bare)),
      });
    }
  }

  if (options.sections.has('action')) {
    progress(`staff action latency: ${options.rounds} rounds × ${options.actionSamples} sequential actions per side`);
    const next = { product: 0, bare: 0 };
    const result = await interleaved(options.rounds, sides, async (side) => {
      const samples: number[] = [];
      for (let i = 0; i < options.actionSamples; i += 1) {
        // Each action on another case from the opening figure, so no one history grows long.
        const pool = opened[side.name];
        const caseId = pool[next[side.name]++ % pool.length]!;
        samples.push((await timed(() => side.act(caseId))).ms);
      }
      return samples;
    });
    latencyRows('staff action (POST contact-attempts vs Update + INSERT)', result);
  }

  const scripted = { product: [] as string[], bare: [] as string[] };
  if (options.sections.has('history') || options.sections.has('replay')) {
    progress(`history: ${options.historyCases} cases per side, opened then ${options.scriptActions} staff actions`);
    const result = await interleaved(options.historyCases, sides, async (side) => {
      const caseId = await side.open();
      scripted[side.name].push(caseId);
      const afterOpen = historySize(await settledHistory(side.client, side.workflowId(caseId)));
      for (let i = 0; i < options.scriptActions; i += 1) await side.act(caseId);
      const afterScript = historySize(await settledHistory(side.client, side.workflowId(caseId)));
      return { afterOpen, afterScript };
    });
    if (options.sections.has('history')) {
      for (const [label, key] of [
        ['after opening', 'afterOpen'],
        [`after opening + ${options.scriptActions} staff actions`, 'afterScript'],
      ] as const) {
        const pick = (side: 'product' | 'bare', measure: 'events' | 'protoBytes' | 'jsonBytes') =>
          median(result[side].map((sizes) => sizes[key][measure]));
        const cell = (side: 'product' | 'bare') =>
          `${fmt(pick(side, 'events'))} events, ${fmt(kB(pick(side, 'protoBytes')), 'kB')} proto, ${fmt(
            kB(pick(side, 'jsonBytes')),
            'kB',
          )} JSON`;
        rows.push({
          figure: `history per case ${label}`,
          product: cell('product'),
          bare: cell('bare'),
          ratio: `${fmt(pick('product', 'events') / pick('bare', 'events'))}× events, ${fmt(
            pick('product', 'protoBytes') / pick('bare', 'protoBytes'),
          )}× bytes`,
        });
      }
    }
  }

  if (options.sections.has('memory')) {
    try {
      const kinds: { kind: MemoryKind; bundle: string }[] = [
        { kind: 'product', bundle: bundles.product },
        { kind: 'bare', bundle: bundles.bare },
        { kind: 'bare-zod', bundle: bundles.bareZod },
      ];
      const reports = new Map<MemoryKind, MemoryReport[]>(kinds.map(({ kind }) => [kind, []]));
      for (let round = 0; round < options.memoryRounds; round += 1) {
        for (const { kind, bundle } of round % 2 === 0 ? kinds : [...kinds].reverse()) {
          progress(`memory: ${options.memoryCases} ${kind} cases in a child worker (round ${round + 1})`);
          reports.get(kind)!.push(await runMemoryChild(kind, bundle, options.memoryCases, server.address, db.url));
        }
      }
      const perCase = (report: MemoryReport) => (report.heapAfter - report.heapBefore) / report.cases / 1024;
      const rssPerCase = (report: MemoryReport) => (report.rssAfter - report.rssBefore) / report.cases / 1024;
      const of = (kind: MemoryKind, measure: (report: MemoryReport) => number) => reports.get(kind)!.map(measure);
      const cached = (kind: MemoryKind) => Math.min(...of(kind, (report) => report.cached));
      for (const baseline of ['bare', 'bare-zod'] as const) {
        rows.push({
          figure: `workflow heap per cached case (${options.memoryCases} cached${baseline === 'bare-zod' ? '; bare imports zod' : ''})`,
          product: spreadSummary(of('product', perCase), 'KiB'),
          bare: spreadSummary(of(baseline, perCase), 'KiB'),
          ratio: ratioSummary(roundRatios(of('product', perCase), of(baseline, perCase))),
        });
      }
      rows.push({
        figure: `worker RSS growth per cached case (${options.memoryCases} cached)`,
        product: spreadSummary(of('product', rssPerCase), 'KiB'),
        bare: spreadSummary(of('bare', rssPerCase), 'KiB'),
        ratio: ratioSummary(roundRatios(of('product', rssPerCase), of('bare', rssPerCase))),
      });
      rows.push({
        figure: `worker RSS with ${options.memoryCases} cases cached`,
        product: spreadSummary(
          of('product', (report) => report.rssAfter / 2 ** 20),
          'MiB',
        ),
        bare: spreadSummary(
          of('bare', (report) => report.rssAfter / 2 ** 20),
          'MiB',
        ),
        ratio: ratioSummary(
          roundRatios(
            of('product', (report) => report.rssAfter),
            of('bare', (report) => report.rssAfter),
          ),
        ),
      });
      for (const kind of ['product', 'bare', 'bare-zod'] as const) {
        const late = Math.max(...of(kind, (report) => report.late));
        if (late > 0) notes.push(`memory: ${late} ${kind} opens took over 60 s to be read back`);
        if (cached(kind) < options.memoryCases)
          notes.push(`memory: only ${cached(kind)} of ${options.memoryCases} ${kind} cases were still cached`);
      }
    } catch (error) {
      notes.push(`memory figures missing: ${error instanceof Error ? error.message : String(error)}`);
      progress(`memory failed: ${String(error)}`);
    }
  }

  if (options.sections.has('replay')) {
    try {
      const ids: Record<string, string> = JSON.parse(
        fs.readFileSync(path.join(projectRoot, 'test/golden/workflow-ids.json'), 'utf8'),
      );
      const golden = fs
        .readdirSync(goldenDir)
        .filter((file) => file.endsWith('.json'))
        .map((file) => {
          const history = JSON.parse(fs.readFileSync(path.join(goldenDir, file), 'utf8')) as { events: unknown[] };
          return { workflowId: ids[file]!, history, events: history.events.length };
        });
      const fetched = async (side: Side, caseIds: string[]) =>
        Promise.all(
          caseIds.map(async (caseId) => {
            const history = await side.client.workflow.getHandle(side.workflowId(caseId)).fetchHistory();
            return { workflowId: side.workflowId(caseId), history, events: history.events?.length ?? 0 };
          }),
        );
      // This run's cases: the opened ones (most with one staff action) and the scripted ones.
      const live = {
        product: await fetched(sides[0], [...opened.product, ...scripted.product]),
        bare: await fetched(sides[1], [...opened.bare, ...scripted.bare]),
      };
      progress(
        `replay: ${golden.length} golden histories, ${live.product.length} product and ${live.bare.length} bare histories of this run, ${options.replayRounds} rounds`,
      );
      const goldenVsBare = await interleaved(options.replayRounds, sides, (side) =>
        side.name === 'product'
          ? replayRate(golden, bundles.product, testDataConverter)
          : replayRate(live.bare, bundles.bare),
      );
      const liveRates = await interleaved(options.replayRounds, sides, (side) =>
        side.name === 'product'
          ? replayRate(live.product, bundles.product, testDataConverter)
          : replayRate(live.bare, bundles.bare),
      );
      const diverged = [...goldenVsBare.product, ...goldenVsBare.bare, ...liveRates.product, ...liveRates.bare].reduce(
        (sum, outcome) => sum + outcome.diverged,
        0,
      );
      if (diverged > 0) notes.push(`replay: ${diverged} replays were NOT deterministic`);
      const eventsPerSecond = (outcomes: { eventsPerSecond: number }[]) => outcomes.map((o) => o.eventsPerSecond);
      rows.push({
        figure: `replay events/s, ${golden.length} golden histories (${golden.reduce((s, h) => s + h.events, 0)} events) vs this run's bare`,
        product: spreadSummary(eventsPerSecond(goldenVsBare.product), '/s'),
        bare: spreadSummary(eventsPerSecond(goldenVsBare.bare), '/s'),
        // different histories on each side: a rate each, not a ratio
        ratio: '—',
      });
      rows.push({
        figure: `replay events/s, this run's cases (${live.product.length} product, ${live.bare.length} bare histories)`,
        product: spreadSummary(eventsPerSecond(liveRates.product), '/s'),
        bare: spreadSummary(eventsPerSecond(liveRates.bare), '/s'),
        ratio: ratioSummary(roundRatios(eventsPerSecond(liveRates.product), eventsPerSecond(liveRates.bare))),
      });
      rows.push({
        figure: "replay histories/s, this run's cases",
        product: spreadSummary(
          liveRates.product.map((o) => o.historiesPerSecond),
          '/s',
        ),
        bare: spreadSummary(
          liveRates.bare.map((o) => o.historiesPerSecond),
          '/s',
        ),
        ratio: ratioSummary(
          roundRatios(
            liveRates.product.map((o) => o.historiesPerSecond),
            liveRates.bare.map((o) => o.historiesPerSecond),
          ),
        ),
      });
    } catch (error) {
      notes.push(`replay figures missing: ${error instanceof Error ? error.message : String(error)}`);
      progress(`replay failed: ${String(error)}`);
    }
  }

  if (options.sections.has('audit')) {
    try {
      const file = 'case-every-rung-ssj.json';
      const ids: Record<string, string> = JSON.parse(
        fs.readFileSync(path.join(projectRoot, 'test/golden/workflow-ids.json'), 'utf8'),
      );
      progress(`audit CLI: replay ${file}, ${options.replayRounds} times`);
      const times: number[] = [];
      for (let round = 0; round < options.replayRounds; round += 1)
        times.push(await timeAuditReplay(path.join(goldenDir, file), ids[file]!));
      rows.push({
        figure: `\`npm run audit -- replay\` one golden history (${file}), wall`,
        product: spreadSummary(times, 'ms'),
        bare: '—',
        ratio: '—',
      });
    } catch (error) {
      notes.push(`audit figures missing: ${error instanceof Error ? error.message : String(error)}`);
      progress(`audit failed: ${String(error)}`);
    }
  }
  for (const side of sides)
    if (side.unconfirmedOpens > 0)
      notes.push(
        `${side.name}: ${side.unconfirmedOpens} opens were answered before the case could be read back (10 s wait passed; counted at that time)`,
      );
  return { rows, notes };
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = Date.now();
  const loadBefore = os.loadavg()[0]!;
  installQuietRuntime();
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'da-bench-'));
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    progress(`options: ${describeOptions(options)}`);
    progress('bundling the product, bare and bare+zod workflows');
    const bundles = await writeBundles(dataDir);
    const { rows, notes } = await bench(options, bundles, dataDir, cleanups);
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    process.stdout.write(
      [
        `DA Case Orchestrator bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min`,
        `embedded Temporal dev server (npm start's, SQLite file) and PostgreSQL on loopback; node ${process.version}, ${os.cpus().length} CPUs`,
        `options: ${describeOptions(options)}`,
        `1-minute load average: ${loadBefore.toFixed(2)} at start, ${os.loadavg()[0]!.toFixed(2)} at end`,
        '',
        renderTable(rows),
        ...(notes.length ? ['', ...notes.map((note) => `note: ${note}`)] : []),
        '',
      ].join('\n'),
    );
  } finally {
    progress('stopping');
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((error: unknown) => progress(`cleanup: ${String(error)}`));
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
