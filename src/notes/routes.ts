import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { loadCaseTimeline } from '../audit/timeline-source';
import { actsOnCases, caseParamsSchema, caseReadRoute, readsCases, visibleCase } from '../case/access';
import { callWorkflow } from '../case/temporal-errors';
import { currentUser } from '../platform/auth';
import { recordKeysOf, type ApiDependencies } from '../platform/http/dependencies';
import { at } from '../platform/http/documented';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import {
  CASE_READ_PROBLEMS,
  madeOrRetried,
  mountRoute,
  WORKFLOW_PROBLEMS,
  withBodyProblems,
  type RouteSpec,
} from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import type { TimelineEntry } from '../platform/workflow/timeline-entry';
import { actionIdempotencyHeaderSchema, actionIdempotencyKey } from '../case/idempotency';
import { IdempotencyKeyReusedError } from '../case/open-case';
import { NOTE_TYPES, noteBodySchema, type CaseNote } from './note';
import { allNotes, appendNote, listNotes, NoteAlreadyCorrectedError, noteExists } from './repository';
import { caseRecordFullRefusal } from '../case/keyed-insert';
import { caseFlags } from '../flags/repository';
import type { RiskFlag } from '../flags/flag';

const noteSchema = z
  .object({
    noteId: z.uuid(),
    caseId: z.uuid(),
    type: z.enum(NOTE_TYPES),
    occurredAt: at,
    recordedAt: at,
    by: z.string(),
    byRole: z.string(),
    withWhom: z.string().optional(),
    text: z.string(),
    supersedes: z.uuid().optional().describe('the earlier note this one corrects'),
    supersededBy: z.uuid().optional().describe('the later note that corrects this one; both stay in the record'),
  })
  .meta({ id: 'CaseNote' });
const pageOf = <Item extends z.ZodType>(item: Item) =>
  z.object({ items: z.array(item), total: z.int(), limit: z.int(), offset: z.int() });

const noteParamsSchema = caseParamsSchema.extend({ noteId: z.uuid('the note id must be a UUID') });
const notesQuerySchema = z.strictObject({
  type: z.enum(NOTE_TYPES, { error: `type must be one of ${NOTE_TYPES.join(', ')}` }).optional(),
  ...pageQuery,
});
const chronologyQuerySchema = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'type is the first word of an entry code, e.g. note, deadline, case, marac')
    .optional(),
  ...pageQuery,
});

/** A chronology entry: the timeline's, or a note's (which names its note). */
type ChronologyEntry = Omit<TimelineEntry, 'workflowId'> & { workflowId?: string; noteId?: string };
const chronologyEntrySchema = z.object({
  at,
  actor: z.string().optional(),
  what: z.string(),
  detail: z.string(),
  code: z.string().describe('e.g. note.visit, case.contact_attempt, deadline.escalated, marac.submitted'),
  workflowId: z.string().optional(),
  noteId: z.uuid().optional(),
});

const EXAMPLE_NOTE = {
  type: 'call',
  occurredAt: '2026-03-10T14:30:00Z',
  withWhom: 'Example IDVA service',
  text: 'Agreed the next call for Thursday morning.',
};

export const NOTES_ROUTES = {
  add: {
    method: 'post',
    path: '/cases/:caseId/notes',
    tag: 'Case record',
    operationId: 'addCaseNote',
    summary: 'Add a note to a case',
    description:
      'Append-only: a note is never edited or deleted; correct it with a new note (…/notes/{noteId}/corrections). What it says is encrypted at rest and shown only under the case’s need-to-know.',
    access: actsOnCases,
    params: caseParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: noteBodySchema,
    bodyExample: EXAMPLE_NOTE,
    responses: madeOrRetried('the note as recorded', noteSchema),
    problems: withBodyProblems([400, 401, 403, 404, 409, 422, 503]),
    logs: { auditLog: { action: 'case.note.added' } },
  },
  correct: {
    method: 'post',
    path: '/cases/:caseId/notes/:noteId/corrections',
    tag: 'Case record',
    operationId: 'correctCaseNote',
    summary: 'Correct a note with a new one',
    description:
      'The new note supersedes the earlier one; both stay visible to those allowed. A note is corrected once: to correct a correction, correct the newer note (409 otherwise).',
    access: actsOnCases,
    params: noteParamsSchema,
    headers: actionIdempotencyHeaderSchema,
    body: noteBodySchema,
    bodyExample: EXAMPLE_NOTE,
    responses: madeOrRetried('the correcting note', noteSchema),
    problems: withBodyProblems([400, 401, 403, 404, 409, 422, 503]),
    logs: { auditLog: { action: 'case.note.corrected' } },
  },
  list: caseReadRoute({
    path: '/cases/:caseId/notes',
    tag: 'Case record',
    operationId: 'listCaseNotes',
    summary: 'List a case’s notes',
    description: 'In the order things happened, corrected notes included and marked; optionally of one type.',
    access: readsCases,
    query: notesQuerySchema,
    answer: 'one page of notes',
    schema: pageOf(noteSchema),
    problems: CASE_READ_PROBLEMS,
    resource: 'case.notes',
  }),
  chronology: caseReadRoute({
    path: '/cases/:caseId/chronology',
    tag: 'Case record',
    operationId: 'readCaseChronology',
    summary: 'Read a case’s chronology',
    description:
      'The timeline (actions, deadlines, decisions, child workflows), the notes and the risk flags, in time order; `type` keeps entries whose code starts with it (note, flag, case, deadline, alert, marac, repairs, rehousing…).',
    access: readsCases,
    query: chronologyQuerySchema,
    answer: 'one page of the chronology, oldest first',
    schema: pageOf(chronologyEntrySchema),
    problems: WORKFLOW_PROBLEMS,
    resource: 'case.chronology',
  }),
} as const satisfies Record<string, RouteSpec>;

const noteEntry = (note: CaseNote): ChronologyEntry => ({
  at: note.occurredAt,
  actor: note.by,
  what: `Note (${note.type.replace(/_/g, ' ')})${note.supersededBy ? ', corrected later' : ''}`,
  detail: [note.withWhom && `with ${note.withWhom}`, note.supersedes && `corrects note ${note.supersedes}`, note.text]
    .filter(Boolean)
    .join('; '),
  code: `note.${note.type}`,
  noteId: note.noteId,
});

/** A flag's raising and, once ended, its ending, as the case's readers see them. */
const flagEntries = (flag: RiskFlag): ChronologyEntry[] => [
  {
    at: flag.raisedAt,
    actor: flag.raisedBy,
    what: `Flag raised on the ${flag.subject}`,
    detail: `${flag.warning}; flag ${flag.flagId}`,
    code: 'flag.raised',
  },
  ...(flag.endedAt
    ? [
        {
          at: flag.endedAt,
          actor: flag.endedBy,
          what: `Flag ended on the ${flag.subject}`,
          detail: `${flag.endReason ?? ''}; flag ${flag.flagId}`,
          code: 'flag.ended',
        },
      ]
    : []),
];

export function notesRouter(deps: ApiDependencies): Router {
  const router = Router();
  const { pool } = deps;
  const keyring = recordKeysOf(deps);

  /** Appends the request's note (correcting `supersedes`, if given) and answers it: 201, or 200 for a retry. */
  async function append(req: Request, res: Response, supersedes?: string): Promise<void> {
    const found = await visibleCase(deps, req);
    const idempotencyKey = actionIdempotencyKey(req);
    const body = parseOrThrow(noteBodySchema, req.body, 'body');
    const full = await caseRecordFullRefusal(pool, 'notes', found.caseId);
    if (full) throw new HttpProblem({ type: 'not-possible', detail: full }, 'CaseRecordFull', true);
    if (supersedes && !(await noteExists(pool, found.caseId, supersedes))) {
      throw new HttpProblem({
        type: 'not-found',
        title: 'Note not found',
        detail: `the case has no note ${supersedes}`,
      });
    }
    const { staffId, role } = currentUser(req);
    try {
      const { note, created } = await appendNote(pool, keyring, {
        ...body,
        caseId: found.caseId,
        organisationId: found.organisationId,
        by: staffId,
        byRole: role,
        supersedes,
        idempotencyKey,
      });
      res.status(created ? 201 : 200).json(note);
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError)
        throw new HttpProblem({ type: 'idempotency-key-reused', detail: error.message }, 'IdempotencyKeyReused', true);
      if (error instanceof NoteAlreadyCorrectedError)
        throw new HttpProblem(
          { type: 'not-possible', detail: `note ${supersedes} is already corrected: correct the newer note instead` },
          'NoteAlreadyCorrected',
          true,
        );
      throw error;
    }
  }

  mountRoute(router, NOTES_ROUTES.add, (req, res) => append(req, res));

  mountRoute(router, NOTES_ROUTES.correct, async (req, res) => {
    const { noteId } = parseOrThrow(noteParamsSchema, req.params, 'path');
    await append(req, res, noteId);
  });

  mountRoute(router, NOTES_ROUTES.list, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { type, ...page } = parseOrThrow(notesQuerySchema, req.query, 'query');
    res.json(await listNotes(pool, keyring, found.caseId, { type }, page));
  });

  mountRoute(router, NOTES_ROUTES.chronology, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { type, limit, offset } = parseOrThrow(chronologyQuerySchema, req.query, 'query');
    const [{ timeline }, notes, flags] = await Promise.all([
      callWorkflow(deps, found.workflowId, () => loadCaseTimeline(deps.client, found.caseId)),
      allNotes(pool, keyring, found.caseId),
      caseFlags(pool, found.caseId),
    ]);
    const entries: ChronologyEntry[] = [...timeline, ...notes.map(noteEntry), ...flags.flatMap(flagEntries)]
      .filter((entry) => type === undefined || entry.code.split('.')[0] === type)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    res.json({ items: entries.slice(offset, offset + limit), total: entries.length, limit, offset });
  });

  return router;
}
