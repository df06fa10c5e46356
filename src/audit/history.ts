import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataConverter, SerializationContext } from '@temporalio/common';
import { decode, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { historyToJSON, JSONToPayload, type History, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { WorkerOptions } from '@temporalio/worker';
import { replayHistories, type ReplayOutcome } from './replay';
import { caseWorkflowId } from '../case/state';
import { CHILD_KIND_DECLARATIONS, type ChildKind } from '../children/kinds';
import type { ArchiveReader } from '../archive/store';

/**
 * Raw workflow histories of a case for auditors (DESIGN §2, §5): every run of the case's workflow
 * (continue-as-new starts a new run under the same id) and every child workflow it started, in the
 * JSON form `temporal workflow show --output json` writes, so any Temporal tool can read them.
 *
 * The export keeps payloads as Temporal stores them: encrypted (src/platform/temporal/codec.ts). Decrypting
 * is a separate, deliberate step for authorised readers (decodeCaseHistory): the decoded export
 * holds personal data and must be handled like the case itself.
 */

export const CASE_HISTORY_FORMAT = 'da-case-history/v1';

export type WorkflowKind = 'case' | ChildKind | 'unknown';

/** How a run ended, read from its last event; `running` while it has not. */
export type RunStatus =
  'running' | 'completed' | 'continued_as_new' | 'failed' | 'timed_out' | 'terminated' | 'canceled';

/** One history event in its JSON form: `eventId`, `eventTime`, `eventType` and one `…EventAttributes`. */
export interface HistoryEventJson {
  eventId: string;
  eventTime?: string;
  eventType: string;
  [field: string]: unknown;
}

export interface HistoryJson {
  events: HistoryEventJson[];
}

/** An event with every payload replaced by the value it carries (decodeCaseHistory). */
export interface DecodedEvent {
  eventId: string;
  eventTime?: string;
  eventType: string;
  attributes: unknown;
}

export type HistorySource = 'temporal' | 'archive';

export interface ExportedWorkflowRun {
  workflowId: string;
  runId: string;
  kind: WorkflowKind;
  workflowType: string;
  status: RunStatus;
  /** the history as Temporal keeps it: payloads still encrypted */
  history: HistoryJson;
  /** where it was read: Temporal, or the product's archive once Temporal's retention removed the run (absent: a file) */
  source?: HistorySource;
  /** only in a decoded export: the events with their payloads decrypted and converted */
  decodedEvents?: DecodedEvent[];
}

export interface CaseHistoryExport {
  format: typeof CASE_HISTORY_FORMAT;
  caseId: string;
  exportedAt: string;
  /** true once decodeCaseHistory has added `decodedEvents` (the export then holds personal data) */
  decoded: boolean;
  /** the case's runs, oldest first, then each child workflow's runs in the order they were started */
  workflows: ExportedWorkflowRun[];
}

/** No workflow for the case: a wrong id, or a case from another namespace. */
export class CaseHistoryNotFoundError extends Error {
  constructor(readonly caseId: string) {
    super(`no workflow ${caseWorkflowId(caseId)} for case ${caseId}`);
    this.name = 'CaseHistoryNotFoundError';
  }
}

const WORKFLOW_KINDS: Record<string, WorkflowKind> = {
  caseWorkflow: 'case',
  ...Object.fromEntries(CHILD_KIND_DECLARATIONS.map((declared) => [declared.workflowType, declared.kind])),
};

export const workflowKind = (workflowType: string): WorkflowKind => WORKFLOW_KINDS[workflowType] ?? 'unknown';

const CLOSING_EVENTS: Record<string, RunStatus> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 'completed',
  EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 'continued_as_new',
  EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: 'failed',
  EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: 'timed_out',
  EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: 'terminated',
  EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: 'canceled',
};

const runStatus = (history: HistoryJson): RunStatus =>
  CLOSING_EVENTS[history.events.at(-1)?.eventType ?? ''] ?? 'running';

type Attributes = Record<string, unknown>;
const attributesOf = (event: HistoryEventJson | undefined, name: string): Attributes | undefined =>
  event?.[name] && typeof event[name] === 'object' ? (event[name] as Attributes) : undefined;

const startedAttributes = (history: HistoryJson) =>
  attributesOf(
    history.events.find((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED'),
    'workflowExecutionStartedEventAttributes',
  );

const typeName = (attributes: Attributes | undefined): string =>
  String((attributes?.workflowType as { name?: unknown } | undefined)?.name ?? 'unknown');

/** The JSON form of a fetched history: the norm other Temporal tools read and write. */
export const historyJson = (history: History): HistoryJson => JSON.parse(historyToJSON(history)) as HistoryJson;

/** The run ids visibility knows for a workflow id; none where the server cannot list (then the chains alone). */
async function listedRunIds(client: Client, workflowId: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` }))
      ids.push(execution.runId);
  } catch {
    return ids;
  }
  return ids;
}

const startedAt = (history: HistoryJson): string => String(history.events[0]?.eventTime ?? '');

/**
 * Every run of one workflow id, oldest first: the latest run, then back along each run's
 * `continuedExecutionRunId` (continue-as-new and retries name the run they follow). A case reopened
 * after its run finished starts a new run that names none, so the runs visibility lists are
 * followed back too.
 */
export async function fetchWorkflowRuns(
  client: Client,
  workflowId: string,
): Promise<{ runId: string; history: HistoryJson }[]> {
  const latest = await client.workflow.getHandle(workflowId).describe();
  const runs: { runId: string; history: HistoryJson }[] = [];
  const seen = new Set<string>();
  const followBack = async (from: string | undefined): Promise<void> => {
    for (let runId = from; runId && !seen.has(runId);) {
      seen.add(runId);
      const history = historyJson(await client.workflow.getHandle(workflowId, runId).fetchHistory());
      runs.push({ runId, history });
      const previous = startedAttributes(history)?.continuedExecutionRunId;
      runId = typeof previous === 'string' && previous !== '' ? previous : undefined;
    }
  };
  await followBack(latest.runId);
  const chainOnly = runs.length;
  for (const runId of await listedRunIds(client, workflowId)) await followBack(runId);
  // The chain is already newest first; runs found by listing are put in order by their start.
  if (runs.length === chainOnly) return runs.reverse();
  return runs.sort((a, b) => (startedAt(a.history) < startedAt(b.history) ? -1 : 1));
}

/**
 * The child workflows a run started, in order. Read from the history itself (the start commands
 * name each child's id), so it needs no worker and covers children of every run.
 */
export function childWorkflowIds(history: HistoryJson): string[] {
  const ids: string[] = [];
  for (const event of history.events) {
    const initiated = attributesOf(event, 'startChildWorkflowExecutionInitiatedEventAttributes');
    const workflowId = initiated?.workflowId;
    if (typeof workflowId === 'string' && !ids.includes(workflowId)) ids.push(workflowId);
  }
  return ids;
}

type SourcedRun = { runId: string; history: HistoryJson; source: HistorySource };

/**
 * Every run of one workflow id that Temporal or the archive holds, oldest first: Temporal's where it
 * still has the run, the archive's where its retention removed it. None when neither knows the id.
 */
async function runsFromEverySource(
  client: Client,
  workflowId: string,
  archive: ArchiveReader | undefined,
): Promise<SourcedRun[]> {
  let live: SourcedRun[] = [];
  try {
    live = (await fetchWorkflowRuns(client, workflowId)).map((run) => ({ ...run, source: 'temporal' }));
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  const liveIds = new Set(live.map((run) => run.runId));
  const archived: SourcedRun[] = archive
    ? (await archive.runsOf(workflowId))
        .filter((run) => !liveIds.has(run.runId))
        .map((run) => ({ runId: run.runId, history: run.history as HistoryJson, source: 'archive' }))
    : [];
  if (archived.length === 0) return live;
  return [...live, ...archived].sort((a, b) => (startedAt(a.history) < startedAt(b.history) ? -1 : 1));
}

/**
 * Every run of the case's workflow and of each child it started, payloads encrypted, each from
 * Temporal or (given `archive`) from the archive when Temporal no longer has it. The case may be
 * open (histories so far) or long finished; no worker is needed.
 */
export async function exportCaseHistory(
  client: Client,
  caseId: string,
  options: { now?: () => Date; archive?: ArchiveReader } = {},
): Promise<CaseHistoryExport> {
  const parentId = caseWorkflowId(caseId);
  const exportedAt = (options.now?.() ?? new Date()).toISOString();
  const parentRuns = await runsFromEverySource(client, parentId, options.archive);
  if (parentRuns.length === 0) throw new CaseHistoryNotFoundError(caseId);
  const workflows: ExportedWorkflowRun[] = [];
  const add = (workflowId: string, run: SourcedRun) => {
    const workflowType = typeName(startedAttributes(run.history));
    workflows.push({
      workflowId,
      runId: run.runId,
      kind: workflowKind(workflowType),
      workflowType,
      status: runStatus(run.history),
      history: run.history,
      source: run.source,
    });
  };
  parentRuns.forEach((run) => add(parentId, run));

  // a child whose start was recorded but never took (e.g. the id was already in use) has no runs
  const children = [...new Set(parentRuns.flatMap((run) => childWorkflowIds(run.history)))];
  for (const childId of children) {
    (await runsFromEverySource(client, childId, options.archive)).forEach((run) => add(childId, run));
  }
  return { format: CASE_HISTORY_FORMAT, caseId, exportedAt, decoded: false, workflows };
}

// --- decoding, for authorised readers only -------------------------------------------------------

const PAYLOAD_KEYS = new Set(['metadata', 'data', 'externalPayloads']);

/** A Payload in its JSON form: base64 metadata with an `encoding`, base64 data. */
function isJsonPayload(value: unknown): value is JSONPayload {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (!keys.includes('metadata') || !keys.every((key) => PAYLOAD_KEYS.has(key))) return false;
  const metadata = (value as { metadata: unknown }).metadata;
  return (
    metadata !== null &&
    typeof metadata === 'object' &&
    'encoding' in metadata &&
    Object.values(metadata as Record<string, unknown>).every((entry) => typeof entry === 'string')
  );
}

/** Binary values stay readable in JSON. */
function jsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

type LoadedConverter = ReturnType<typeof loadDataConverter>;

async function decodePayload(
  converter: LoadedConverter,
  context: SerializationContext,
  json: JSONPayload,
): Promise<unknown> {
  try {
    const [decoded] = await decode(converter.payloadCodecs, [JSONToPayload(json)], context);
    return jsonSafe(converter.payloadConverter.fromPayload(decoded!));
  } catch (error) {
    // e.g. a key that is no longer configured: say so in place, keep decoding the rest
    return { undecodable: error instanceof Error ? error.message : String(error) };
  }
}

async function decodeTree(converter: LoadedConverter, context: SerializationContext, node: unknown): Promise<unknown> {
  if (Array.isArray(node)) return Promise.all(node.map((item) => decodeTree(converter, context, item)));
  if (isJsonPayload(node)) return decodePayload(converter, context, node);
  if (node !== null && typeof node === 'object') {
    const entries = await Promise.all(
      Object.entries(node).map(async ([key, value]) => [key, await decodeTree(converter, context, value)] as const),
    );
    return Object.fromEntries(entries);
  }
  return node;
}

/** One payload of a workflow (e.g. an archived run's last state), decoded as that workflow's own; throws when it cannot be. */
export async function decodeWorkflowPayload<T>(
  dataConverter: DataConverter,
  workflowId: string,
  json: JSONPayload,
): Promise<T> {
  const converter = loadDataConverter(dataConverter);
  const context: SerializationContext = { type: 'workflow', namespace: '', workflowId };
  const [decoded] = await decode(converter.payloadCodecs, [JSONToPayload(json)], context);
  return converter.payloadConverter.fromPayload(decoded!) as T;
}

/**
 * One event with every payload (inputs, results, signals, updates, failures' encoded messages) decoded.
 * Read as the workflow's own, so a payload of another case copied into its history stays undecodable
 * (src/platform/temporal/codec.ts); the codec reads no namespace, and the export records none.
 */
export async function decodeHistoryEvents(
  history: HistoryJson,
  dataConverter: DataConverter,
  workflowId: string,
): Promise<DecodedEvent[]> {
  const converter = loadDataConverter(dataConverter);
  const context: SerializationContext = { type: 'workflow', namespace: '', workflowId };
  const decoded: DecodedEvent[] = [];
  for (const event of history.events) {
    const attributesKey = Object.keys(event).find((key) => key.endsWith('EventAttributes'));
    decoded.push({
      eventId: event.eventId,
      eventTime: event.eventTime,
      eventType: event.eventType,
      attributes: attributesKey ? await decodeTree(converter, context, event[attributesKey]) : undefined,
    });
  }
  return decoded;
}

/**
 * Adds `decodedEvents` to every workflow of an export, using the payload keys of `dataConverter`
 * (the production converter: payloadDataConverter in src/platform/runtime/services.ts). The raw histories
 * are kept as they were, so the decoded export still replays. The result holds personal data.
 */
export async function decodeCaseHistory(
  exported: CaseHistoryExport,
  dataConverter: DataConverter,
): Promise<CaseHistoryExport> {
  const workflows: ExportedWorkflowRun[] = [];
  for (const workflow of exported.workflows) {
    workflows.push({
      ...workflow,
      decodedEvents: await decodeHistoryEvents(workflow.history, dataConverter, workflow.workflowId),
    });
  }
  return { ...exported, decoded: true, workflows };
}

// --- replay ------------------------------------------------------------------------------------

export interface RunReplayOutcome extends ReplayOutcome {
  kind: WorkflowKind;
  /** the run id Temporal gave the run (the replayer names runs its own way) */
  recordedRunId: string;
  /** where the history was read (Temporal or the archive) */
  source?: HistorySource;
}

/**
 * Replays every run of an export against the workflow code as it is now (src/audit/replay.ts),
 * each under its real workflow id (a case's child ids are derived from it).
 */
export async function replayCaseHistory(
  exported: Pick<CaseHistoryExport, 'workflows'>,
  options: { dataConverter: DataConverter; workflowBundle?: WorkerOptions['workflowBundle'] },
): Promise<RunReplayOutcome[]> {
  const outcomes = await replayHistories(
    exported.workflows.map((workflow) => ({ workflowId: workflow.workflowId, history: workflow.history })),
    options,
  );
  // The replayer reports histories in the order given.
  return outcomes.map((outcome, index) => ({
    ...outcome,
    kind: exported.workflows[index]?.kind ?? 'unknown',
    recordedRunId: exported.workflows[index]?.runId ?? outcome.runId,
    source: exported.workflows[index]?.source,
  }));
}

/** Whether a parsed JSON document is an export written by exportCaseHistory (or `audit export`). */
export function isCaseHistoryExport(value: unknown): value is CaseHistoryExport {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { format?: unknown }).format === CASE_HISTORY_FORMAT &&
    Array.isArray((value as { workflows?: unknown }).workflows)
  );
}

/** Whether a parsed JSON document is one history in its JSON form (`{ "events": [...] }`). */
export function isHistoryJson(value: unknown): value is HistoryJson {
  return value !== null && typeof value === 'object' && Array.isArray((value as { events?: unknown }).events);
}

/**
 * The workflow id a lone history was recorded under, as far as the history tells: a case's own
 * id from the ids of the children it started (`<case workflow id>/<kind>-<n>`). Undefined when it
 * cannot tell; a history without children replays under any id.
 */
export function workflowIdFromHistory(history: HistoryJson): string | undefined {
  const child = childWorkflowIds(history)[0];
  const slash = child?.lastIndexOf('/') ?? -1;
  return child && slash > 0 ? child.slice(0, slash) : undefined;
}

/** The kind of a lone history, from its start event. */
export const historyKind = (history: HistoryJson): WorkflowKind => workflowKind(typeName(startedAttributes(history)));

/** The run id a lone history names for itself (its original run id), when it does. */
export function historyRunId(history: HistoryJson): string | undefined {
  const attributes = startedAttributes(history);
  const runId = attributes?.originalExecutionRunId;
  return typeof runId === 'string' && runId !== '' ? runId : undefined;
}
