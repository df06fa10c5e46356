/**
 * Audit tooling (DESIGN §2: auditors read timelines and raw histories, replay histories against
 * the current code and run compliance reports; §6: the append-only audit and access logs), e.g.
 *   npm run audit -- verify     (while `npm start` runs: its embedded database, found under DATA_DIR)
 *   DATABASE_URL=postgres://… node dist/src/bin/audit.js verify
 *   TEMPORAL_ADDRESS=temporal:7233 PAYLOAD_ENCRYPTION_KEYS=… node dist/src/bin/audit.js replay --all
 *   TEMPORAL_ADDRESS=temporal:7233 node dist/src/bin/audit.js export <caseId> --out case.json
 *   TEMPORAL_ADDRESS=temporal:7233 PAYLOAD_ENCRYPTION_KEYS=… node dist/src/bin/audit.js timeline <caseId>
 *   DATABASE_URL=postgres://… node dist/src/bin/audit.js report --from 2026-04-01 --to 2026-06-30 --format csv
 * Exit codes: 0 done and all is well, 1 a finding (a broken log chain, a history that no longer
 * replays), 2 usage or configuration error, or a server (database, Temporal) could not be read.
 *
 * Each subcommand is one entry in SUBCOMMANDS with its own options and positional arguments.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { Pool } from 'pg';
import { z } from 'zod';
import { AUDIT_TABLES, verifyChain, type ChainVerification } from '.';
import { buildComplianceReport, complianceReportParamsSchema } from './report';
import { toCsv } from './csv';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import {
  decodeCaseHistory,
  exportCaseHistory,
  historyKind,
  historyRunId,
  isCaseHistoryExport,
  isHistoryJson,
  replayCaseHistory,
  workflowIdFromHistory,
  type CaseHistoryExport,
  type ExportedWorkflowRun,
  type RunReplayOutcome,
} from './history';
import { caseIdOfWorkflowId } from '../case/state';
import { caseIdOwningWorkflow } from '../case/workflow-ids';
import { caseErasedAt, PgCaseDataKeys } from '../privacy/case-keys';
import { loadCaseTimeline } from './timeline-source';
import { createArchiveReader, type ArchiveReader } from '../archive/store';
import type { TimelineEntry } from '../platform/workflow/timeline-entry';
import { DEV_KEYS_FILE_NAME, PAYLOAD_ENCRYPTION_KEYS_ENV } from '../platform/temporal/codec';
import { createDataConverter } from '../platform/temporal/data-converter';
import { devPayloadKeysFile, existingPayloadCodec } from '../platform/runtime/services';
import { embeddedDatabaseUrlFile } from '../platform/paths';

export const EXIT_OK = 0;
/** a finding: a broken log chain (verify), a history that no longer replays (replay) */
export const EXIT_BROKEN = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout(line: string): void;
  stderr(line: string): void;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Subcommand {
  summary: string;
  usage: string;
  options: Options;
  /** how many positional arguments the command takes (none when absent) */
  positionals?: { min: number; max: number; name: string };
  run(values: Values, io: CliIo, positionals: string[]): Promise<number>;
}

/** Raised for anything the operator must fix before the command can run: exit code 2. */
class UsageError extends Error {}

/** Option values checked against a schema; messages name the option, never echo a secret. */
function parseOptions<S extends z.ZodType>(schema: S, values: Values): z.output<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    throw new UsageError(
      parsed.error.issues.map((issue) => `--${issue.path.join('.') || 'options'}: ${issue.message}`).join('\n'),
    );
  }
  return parsed.data;
}

/** The configuration as the servers read it (src/platform/config.ts); a bad variable is the operator's to fix. */
function configFrom(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    // ConfigError names each variable and what it expects, never its value (which may be a secret).
    if (error instanceof ConfigError) throw new UsageError(error.problems.join('\n'));
    throw error;
  }
}

// --- PostgreSQL ---------------------------------------------------------------------------------

/** The URL the embedded database of a running `npm start` left under DATA_DIR, if it is running. */
function embeddedDatabaseUrl(dataDir: string): string | undefined {
  try {
    return fs.readFileSync(embeddedDatabaseUrlFile(dataDir), 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** DATABASE_URL, else the embedded database of `npm start` run from this directory (same DATA_DIR). */
function databaseUrl(config: Config): string {
  const dataDir = path.resolve(config.DATA_DIR);
  const value = config.DATABASE_URL ?? embeddedDatabaseUrl(dataDir);
  if (value === undefined) {
    throw new UsageError(
      `DATABASE_URL is not set and no embedded database is running with DATA_DIR ${dataDir}: ` +
        'run this while `npm start` runs from the same directory (with the same DATA_DIR), or set DATABASE_URL to the case database (postgres://…)',
    );
  }
  return value;
}

/** A short-lived pool for one command; errors while connecting or reading are reported, not thrown away. */
async function withDatabase<T>(env: NodeJS.ProcessEnv, use: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: databaseUrl(configFrom(env)), max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  try {
    return await use(pool);
  } finally {
    await pool.end().catch(() => undefined);
  }
}

/** When the case was erased, where the case database can be found; undefined when not erased or no database. */
async function erasedAtIfKnown(env: NodeJS.ProcessEnv, caseId: string): Promise<Date | undefined> {
  let url: string;
  try {
    url = databaseUrl(configFrom(env));
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  return withDatabase({ ...env, DATABASE_URL: url }, (pool) => caseErasedAt(pool, caseId));
}

export const formatErasure = (caseId: string, erasedAt: Date): string =>
  `case ${caseId}: erased on ${erasedAt.toISOString().slice(0, 10)} (${erasedAt.toISOString()})`;

/**
 * The archive of closed runs (src/archive), where the case database can be found: a case whose runs
 * Temporal's retention removed is read from it. Without a database, Temporal alone (and stderr says so).
 */
async function withArchive<T>(
  env: NodeJS.ProcessEnv,
  io: Pick<CliIo, 'stderr'>,
  use: (archive: ArchiveReader | undefined) => Promise<T>,
): Promise<T> {
  let url: string;
  try {
    url = databaseUrl(configFrom(env));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr('audit: no case database (DATABASE_URL): reading Temporal only, not the archive of closed runs');
    return use(undefined);
  }
  return withDatabase({ ...env, DATABASE_URL: url }, (pool) => use(createArchiveReader(pool)));
}

// --- Temporal -----------------------------------------------------------------------------------

export const DEFAULT_TEMPORAL_ADDRESS = '127.0.0.1:7233';

/** TEMPORAL_ADDRESS, which this connects to; unset means the embedded dev server of `npm start`. */
function temporalAddress(config: Config): string {
  const address = config.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS;
  if (!/^\S+:\d{1,5}$/.test(address)) throw new UsageError('TEMPORAL_ADDRESS: expected host:port, e.g. temporal:7233');
  return address;
}

interface TemporalAccess {
  client: Client;
  /** the workers' converter (same keys), to decode payloads; absent when keys were not needed and none are configured */
  dataConverter?: DataConverter;
  address: string;
}

/**
 * The workers' payload keys, found as the servers find them (src/platform/runtime/services.ts), with
 * each case's data key read from the case database (`pool`) when there is one.
 */
function payloadConverterFrom(config: Config, required: boolean, pool: Pool | undefined): DataConverter | undefined {
  const codec = existingPayloadCodec(
    config,
    caseIdOwningWorkflow,
    pool && ((keyring) => new PgCaseDataKeys(pool, keyring)),
  );
  if (codec) return createDataConverter(codec);
  if (!required) return undefined;
  throw new UsageError(
    `${PAYLOAD_ENCRYPTION_KEYS_ENV} is not set and there is no development key file at ${devPayloadKeysFile(config)}: ` +
      `set ${PAYLOAD_ENCRYPTION_KEYS_ENV} to the keys the workers use (keyId:base64Key,…)`,
  );
}

/** A pool on the case database for reading case keys, if one can be found (connecting only when first used). */
function caseKeysPool(config: Config): Pool | undefined {
  let url: string;
  try {
    url = databaseUrl(config);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 10_000 });
  pool.on('error', () => undefined);
  return pool;
}

async function withTemporal<T>(
  env: NodeJS.ProcessEnv,
  needsKeys: boolean,
  use: (access: TemporalAccess) => Promise<T>,
): Promise<T> {
  const config = configFrom(env);
  const address = temporalAddress(config);
  const keysPool = needsKeys ? caseKeysPool(config) : undefined;
  const dataConverter = payloadConverterFrom(config, needsKeys, keysPool);
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
  } catch (error) {
    await keysPool?.end().catch(() => undefined);
    throw new Error(
      `could not connect to Temporal at ${address}${config.TEMPORAL_ADDRESS ? '' : ' (TEMPORAL_ADDRESS is unset: the embedded dev server)'}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  try {
    return await use({
      client: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter }),
      dataConverter,
      address,
    });
  } finally {
    await connection.close().catch(() => undefined);
    await keysPool?.end().catch(() => undefined);
  }
}

const CASE_ID = /^(?:case-)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** A case id, also given as its workflow id (case-<id>). */
function caseIdArgument(value: string | undefined): string {
  const match = value === undefined ? null : CASE_ID.exec(value.trim());
  if (!match)
    throw new UsageError(
      `expected a case id (a UUID, or the workflow id case-<UUID>), got ${JSON.stringify(value ?? '')}`,
    );
  return match[1]!.toLowerCase();
}

// --- verify -------------------------------------------------------------------------------------

export function formatVerification(result: ChainVerification): string {
  const rows = `${result.rows} ${result.rows === 1 ? 'row' : 'rows'}`;
  return result.ok
    ? `${result.table}: ${rows}, OK (head ${result.headHash})`
    : `${result.table}: ${rows}, BROKEN at seq ${result.firstBrokenSeq}: ${result.reason}`;
}

const verifyArgsSchema = z.strictObject({
  table: z.enum(AUDIT_TABLES, { error: `must be one of: ${AUDIT_TABLES.join(', ')}` }).optional(),
});

// --- replay -------------------------------------------------------------------------------------

/** One line per run: deterministic, or the first divergence on one line. */
export function formatReplay(
  outcome: Pick<RunReplayOutcome, 'workflowId' | 'recordedRunId' | 'kind' | 'deterministic' | 'firstDivergence'>,
): string {
  const run = `${outcome.workflowId} (${outcome.kind}, run ${outcome.recordedRunId})`;
  if (outcome.deterministic) return `${run}: deterministic`;
  const divergence = (outcome.firstDivergence ?? 'no reason given').replace(/\s+/g, ' ').trim();
  return `${run}: NOT DETERMINISTIC: ${divergence}`;
}

const replayArgsSchema = z.strictObject({
  all: z.boolean().optional(),
  'workflow-id': z.string().trim().min(1).max(1000).optional(),
  'workflow-bundle': z.string().trim().min(1).optional(),
});

/** Replays the runs and prints one line each, then a summary; EXIT_BROKEN when any diverges. */
async function replayAndReport(
  io: CliIo,
  workflows: Pick<CaseHistoryExport, 'workflows'>['workflows'],
  options: { dataConverter: DataConverter; workflowBundle?: string },
): Promise<{ runs: number; diverged: number }> {
  if (workflows.length === 0) return { runs: 0, diverged: 0 };
  const outcomes = await replayCaseHistory(
    { workflows },
    {
      dataConverter: options.dataConverter,
      workflowBundle: options.workflowBundle ? { codePath: options.workflowBundle } : undefined,
    },
  );
  for (const outcome of outcomes) io.stdout(formatReplay(outcome));
  return { runs: outcomes.length, diverged: outcomes.filter((outcome) => !outcome.deterministic).length };
}

function replaySummary(io: CliIo, totals: { runs: number; diverged: number }, workflows: number): number {
  const runs = `${totals.runs} ${totals.runs === 1 ? 'run' : 'runs'} of ${workflows} ${workflows === 1 ? 'workflow' : 'workflows'}`;
  if (totals.diverged === 0) {
    io.stdout(`replayed ${runs}: all deterministic`);
    return EXIT_OK;
  }
  io.stdout(`replayed ${runs}: ${totals.diverged} NOT deterministic (fix with patched() before deploying this code)`);
  return EXIT_BROKEN;
}

/** The runs in a history file: an `audit export` file, or one history in Temporal's JSON form. */
function runsFromFile(file: string, workflowId: string | undefined): ExportedWorkflowRun[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
  if (isCaseHistoryExport(document)) {
    const runs = workflowId ? document.workflows.filter((run) => run.workflowId === workflowId) : document.workflows;
    if (runs.length === 0) throw new UsageError(`${file} holds no workflow ${JSON.stringify(workflowId)}`);
    return runs;
  }
  if (isHistoryJson(document)) {
    const id = workflowId ?? workflowIdFromHistory(document) ?? `replay-${path.basename(file, '.json')}`;
    const kind = historyKind(document);
    return [
      {
        workflowId: id,
        runId: historyRunId(document) ?? 'unknown',
        kind,
        workflowType: kind,
        status: 'running',
        history: document,
      },
    ];
  }
  throw new UsageError(
    `${file} is neither a workflow history ({ "events": [...] }) nor a file written by \`audit export\``,
  );
}

// --- export and timeline ------------------------------------------------------------------------

const exportArgsSchema = z.strictObject({ decoded: z.boolean().optional(), out: z.string().trim().min(1).optional() });

/** Writes a new file only readable by its owner (a decoded export holds personal data). */
function writePrivateFile(file: string, content: string): void {
  try {
    fs.writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`--out: ${file} already exists; choose a new file name`);
    throw new UsageError(`--out: cannot write ${file}: ${code ?? (error as Error).message}`);
  }
}

const timelineArgsSchema = z.strictObject({
  format: z.enum(['text', 'json'], { error: 'must be text or json' }).default('text'),
});

export function formatTimelineEntry(entry: TimelineEntry): string {
  return [entry.at, entry.actor ?? '-', `${entry.what}: ${entry.detail}`, `[${entry.workflowId}]`].join('  ');
}

// --- report -------------------------------------------------------------------------------------

const reportArgsSchema = z.strictObject({
  from: z.string({ error: 'is required (YYYY-MM-DD)' }),
  to: z.string({ error: 'is required (YYYY-MM-DD)' }),
  organisation: z.string().optional(),
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});

// --- the table ----------------------------------------------------------------------------------

const TEMPORAL_ENV_HELP = `  Reads TEMPORAL_ADDRESS (default ${DEFAULT_TEMPORAL_ADDRESS}, the embedded dev server of npm start)
  and TEMPORAL_NAMESPACE (default default).`;
const KEYS_HELP = `  Payloads are decrypted with PAYLOAD_ENCRYPTION_KEYS (the workers' keys), else the development
  key file DATA_DIR/${DEV_KEYS_FILE_NAME} (DATA_DIR default .data).`;

const SUBCOMMANDS: Record<string, Subcommand> = {
  verify: {
    summary: 'recompute every hash of the audit and access logs and check the chains',
    usage: `usage: audit verify [--table ${AUDIT_TABLES.join('|')}]
  Reads DATABASE_URL (unset: the embedded database of a running npm start). Prints one line per
  log: its row count and OK with the head hash (keep a copy elsewhere), or BROKEN with the first
  broken seq and the reason.
  Exit code 0 when every log checked is intact, 1 when one is broken, 2 on a usage,
  configuration or database error.`,
    options: { table: { type: 'string' } },
    async run(values, io) {
      const parsed = parseOptions(verifyArgsSchema, values);
      const tables = parsed.table ? [parsed.table] : [...AUDIT_TABLES];
      return withDatabase(io.env, async (pool) => {
        let intact = true;
        for (const table of tables) {
          const result = await verifyChain(pool, table);
          io.stdout(formatVerification(result));
          intact &&= result.ok;
        }
        return intact ? EXIT_OK : EXIT_BROKEN;
      });
    },
  },

  replay: {
    summary: 'replay workflow histories against the current workflow code',
    usage: `usage: audit replay <caseId | file.json | --all> [--workflow-id ID] [--workflow-bundle FILE]
  caseId      every run of the case's workflow and of each child workflow, fetched from Temporal
  file.json   a file written by \`audit export\`, or one history in Temporal's JSON form
              (\`temporal workflow show --output json\`); --workflow-id names the workflow it was
              recorded under (a case's child ids derive from it; by default taken from the history)
              or, for an export, picks one of its workflows
  --all       every case (WorkflowType = 'caseWorkflow', needs the server's visibility store) with
              its children
  --workflow-bundle FILE  replay against this prebuilt workflow bundle instead of this build's code
${TEMPORAL_ENV_HELP}
${KEYS_HELP}
  Prints one line per run: deterministic, or NOT DETERMINISTIC with the first divergence.
  Exit code 0 when every run replays, 1 when one diverges, 2 on a usage, configuration or
  connection error.`,
    options: { all: { type: 'boolean' }, 'workflow-id': { type: 'string' }, 'workflow-bundle': { type: 'string' } },
    positionals: { min: 0, max: 1, name: 'caseId | file.json' },
    async run(values, io, [target]) {
      const options = parseOptions(replayArgsSchema, values);
      if ((options.all === true) === (target !== undefined))
        throw new UsageError('give a case id, a history file, or --all (one of them)');
      const workflowBundle = options['workflow-bundle'];
      if (workflowBundle !== undefined && !fs.existsSync(workflowBundle))
        throw new UsageError(`--workflow-bundle: no file ${workflowBundle}`);

      if (
        target !== undefined &&
        (target.endsWith('.json') || (fs.existsSync(target) && fs.statSync(target).isFile()))
      ) {
        const runs = runsFromFile(target, options['workflow-id']);
        const config = configFrom(io.env);
        const keysPool = caseKeysPool(config);
        try {
          const dataConverter = payloadConverterFrom(config, true, keysPool)!;
          const totals = await replayAndReport(io, runs, { dataConverter, workflowBundle });
          return replaySummary(io, totals, new Set(runs.map((run) => run.workflowId)).size);
        } finally {
          await keysPool?.end().catch(() => undefined);
        }
      }
      if (options['workflow-id'] !== undefined) throw new UsageError('--workflow-id goes with a history file');

      return withTemporal(io.env, true, async ({ client, dataConverter }) => {
        let caseIds: string[];
        if (target !== undefined) {
          caseIds = [caseIdArgument(target)];
        } else {
          const ids = new Set<string>();
          try {
            for await (const execution of client.workflow.list({ query: `WorkflowType = 'caseWorkflow'` })) {
              const caseId = caseIdOfWorkflowId(execution.workflowId);
              if (caseId) ids.add(caseId);
              else io.stderr(`skipping ${execution.workflowId}: not a case workflow id (case-<caseId>)`);
            }
          } catch (error) {
            throw new Error(
              `could not list the case workflows (--all needs a server with a visibility store): ${(error as Error).message}`,
              { cause: error },
            );
          }
          caseIds = [...ids].sort();
          if (caseIds.length === 0) io.stdout('no case workflows found');
        }
        const totals = { runs: 0, diverged: 0 };
        let workflows = 0;
        for (const caseId of caseIds) {
          const erasedAt = await erasedAtIfKnown(io.env, caseId);
          if (erasedAt) {
            io.stdout(
              `${formatErasure(caseId, erasedAt)}: its data key is destroyed, so its history cannot be replayed`,
            );
            continue;
          }
          const exported = await withArchive(io.env, io, (archive) => exportCaseHistory(client, caseId, { archive }));
          const result = await replayAndReport(io, exported.workflows, {
            dataConverter: dataConverter!,
            workflowBundle,
          });
          totals.runs += result.runs;
          totals.diverged += result.diverged;
          workflows += new Set(exported.workflows.map((run) => run.workflowId)).size;
        }
        return replaySummary(io, totals, workflows);
      });
    },
  },

  export: {
    summary: "write every workflow history of a case (its runs and its children's)",
    usage: `usage: audit export <caseId> [--decoded] [--out FILE]
  Writes the case's histories as JSON (format da-case-history/v1): every run of the case's
  workflow and of each child workflow, in Temporal's JSON history form, payloads encrypted as
  Temporal stores them. \`audit replay FILE\` replays such a file.
  --decoded   also decrypt every payload into decodedEvents: the file then holds personal data;
              keep it as securely as the case itself
  --out FILE  write to a new file (readable by its owner only) instead of standard output
${TEMPORAL_ENV_HELP}
${KEYS_HELP.replace('Payloads are decrypted', 'With --decoded, payloads are decrypted')}
  Exit code 0 when written, 2 on a usage, configuration or connection error or an unknown case.`,
    options: { decoded: { type: 'boolean' }, out: { type: 'string' } },
    positionals: { min: 1, max: 1, name: 'caseId' },
    async run(values, io, [target]) {
      const options = parseOptions(exportArgsSchema, values);
      const caseId = caseIdArgument(target);
      if (options.out && fs.existsSync(options.out))
        throw new UsageError(`--out: ${options.out} already exists; choose a new file name`);
      return withTemporal(io.env, options.decoded === true, async ({ client, dataConverter }) => {
        let exported = await withArchive(io.env, io, (archive) => exportCaseHistory(client, caseId, { archive }));
        if (options.decoded) {
          exported = await decodeCaseHistory(exported, dataConverter!);
          io.stderr('audit export: --decoded: this export holds personal data; keep it as securely as the case itself');
        }
        const json = `${JSON.stringify(exported, null, 2)}\n`;
        if (options.out) {
          writePrivateFile(options.out, json);
          const workflows = new Set(exported.workflows.map((run) => run.workflowId)).size;
          io.stdout(
            `wrote ${exported.workflows.length} runs of ${workflows} workflows of case ${caseId} to ${options.out}`,
          );
        } else {
          io.stdout(json.trimEnd());
        }
        return EXIT_OK;
      });
    },
  },

  timeline: {
    summary: "print a case's timeline: actions, deadlines, reminders, escalations, children",
    usage: `usage: audit timeline <caseId> [--format text|json]
  Reads the case's state and its child workflows' by query (a worker must be running) and prints
  one line per entry, oldest first: when, who (staff id, or the outside party), what, the
  particulars, and the workflow that recorded it. --format json prints the entries as JSON.
${TEMPORAL_ENV_HELP}
${KEYS_HELP}
  Exit code 0 when printed, 2 on a usage, configuration or connection error or an unknown case.`,
    options: { format: { type: 'string' } },
    positionals: { min: 1, max: 1, name: 'caseId' },
    async run(values, io, [target]) {
      const options = parseOptions(timelineArgsSchema, values);
      const caseId = caseIdArgument(target);
      return withTemporal(io.env, true, async ({ client, dataConverter }) => {
        const { timeline } = await withArchive(io.env, io, (archive) =>
          loadCaseTimeline(client, caseId, archive && { archive, dataConverter: dataConverter! }),
        );
        if (options.format === 'json') io.stdout(JSON.stringify({ caseId, entries: timeline }, null, 2));
        else for (const entry of timeline) io.stdout(formatTimelineEntry(entry));
        return EXIT_OK;
      });
    },
  },

  report: {
    summary: 'compliance report for a period: timescales kept, escalations, MARAC, repairs, rehousing, sharing',
    usage: `usage: audit report --from YYYY-MM-DD --to YYYY-MM-DD [--organisation ID] [--format json|csv]
  Per organisation and policy profile, for the days --from to --to inclusive (UK time): each
  timescale's deadlines falling due and its on-time rate, escalations by rung, MARAC referrals and
  repeats, emergency repairs completed within 24 hours, rehousing outcomes, and information
  released without consent by lawful basis. Reads DATABASE_URL (unset: the embedded database of a
  running npm start); no personal data is read.
  Exit code 0 when printed, 2 on a usage, configuration or database error.`,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      organisation: { type: 'string' },
      format: { type: 'string' },
    },
    async run(values, io) {
      const options = parseOptions(reportArgsSchema, values);
      const params = complianceReportParamsSchema.safeParse({
        from: options.from,
        to: options.to,
        organisationId: options.organisation,
      });
      if (!params.success) {
        const name = (field: PropertyKey | undefined) =>
          field === 'organisationId' ? 'organisation' : String(field ?? 'options');
        throw new UsageError(
          params.error.issues.map((issue) => `--${name(issue.path[0])}: ${issue.message}`).join('\n'),
        );
      }
      return withDatabase(io.env, async (pool) => {
        const report = await buildComplianceReport(pool, params.data);
        io.stdout(options.format === 'csv' ? toCsv(report).trimEnd() : JSON.stringify(report, null, 2));
        return EXIT_OK;
      });
    },
  },
};

const USAGE = `usage: audit <command> [options]
commands:
${Object.entries(SUBCOMMANDS)
  .map(([name, command]) => `  ${name.padEnd(8)} ${command.summary}`)
  .join('\n')}
Run \`audit <command> --help\` for a command's options.`;

/** Runs one command line (without `node` and the script) and returns the exit code. */
export async function runAuditCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '') {
    io.stderr(USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(USAGE);
    return EXIT_OK;
  }
  const command = Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!command) {
    io.stderr(`audit: unknown command ${JSON.stringify(name)}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    let values: Values;
    let positionals: string[];
    const accepted = command.positionals ?? { min: 0, max: 0, name: '' };
    try {
      ({ values, positionals } = parseArgs({
        args: [...rest],
        options: { ...command.options, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: accepted.max > 0,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout(command.usage);
      return EXIT_OK;
    }
    delete values.help;
    if (positionals.length < accepted.min) throw new UsageError(`expected ${accepted.name}`);
    if (positionals.length > accepted.max)
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[accepted.max])}`);
    return await command.run(values, io, positionals);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`audit ${name}: ${error.message}\n\n${command.usage}`);
    } else {
      io.stderr(`audit ${name}: could not complete: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT_USAGE;
  }
}
