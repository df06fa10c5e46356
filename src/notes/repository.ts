import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Queryable } from '../platform/db/queryable';
import {
  keyedFingerprint,
  recordOpenerFor,
  sealCaseRecord,
  type RecordKeys,
  type RecordOpener,
} from '../platform/crypto/records';
import { requestFingerprint } from '../case/request-fingerprint';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import { insertOnceByKey } from '../case/keyed-insert';
import type { CaseNote, NoteBody, NoteContent, NoteType } from './note';

interface NoteRow {
  note_id: string;
  case_id: string;
  note_type: NoteType;
  occurred_at: Date;
  recorded_at: Date;
  author_staff_id: string;
  author_role: string;
  supersedes: string | null;
  superseded_by: string | null;
  key_id: string;
  sealed: Buffer;
  request_fingerprint: string | null;
}

/** A sealed note opens only as this note of this case. */
const sealedAs = (noteId: string, caseId: string) => `case-note:${noteId}:case:${caseId}`;

function noteOf(open: RecordOpener, row: NoteRow): CaseNote {
  const content = JSON.parse(
    open({ keyId: row.key_id, sealed: row.sealed }, sealedAs(row.note_id, row.case_id)).toString('utf8'),
  ) as NoteContent;
  return {
    noteId: row.note_id,
    caseId: row.case_id,
    type: row.note_type,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    by: row.author_staff_id,
    byRole: row.author_role,
    ...content,
    ...(row.supersedes && { supersedes: row.supersedes }),
    ...(row.superseded_by && { supersededBy: row.superseded_by }),
  };
}

/** Each note with the note that corrects it, if any. */
const NOTES_WITH_CORRECTIONS = `(SELECT note.*, correction.note_id AS superseded_by FROM case_notes note
  LEFT JOIN case_notes correction ON correction.supersedes = note.note_id) AS notes`;

export class NoteAlreadyCorrectedError extends Error {
  override readonly name = 'NoteAlreadyCorrectedError';
}

export interface NoteToAppend extends NoteBody {
  caseId: string;
  organisationId: string;
  by: string;
  byRole: string;
  supersedes?: string;
  idempotencyKey?: string;
}

/** The note as recorded; `created` is false for a retry of a request already applied (same key, same content). */
export async function appendNote(
  pool: Pool,
  keys: RecordKeys,
  note: NoteToAppend,
): Promise<{ note: CaseNote; created: boolean }> {
  const { keyring } = keys;
  const noteId = randomUUID();
  const content: NoteContent = { text: note.text, ...(note.withWhom && { withWhom: note.withWhom }) };
  const { keyId, sealed } = await sealCaseRecord(
    keys,
    note.caseId,
    Buffer.from(JSON.stringify(content)),
    sealedAs(noteId, note.caseId),
  );
  const { organisationId: _organisation, byRole: _role, idempotencyKey, ...request } = note;
  // keyed: the text is sealed, so no plain hash of it may sit beside it
  const fingerprint = idempotencyKey === undefined ? null : keyedFingerprint(keyring, requestFingerprint(request));
  try {
    const { row, created } = await insertOnceByKey<NoteRow>(
      pool,
      {
        insert: {
          text: `INSERT INTO case_notes (note_id, case_id, organisation_id, note_type, occurred_at, author_staff_id,
                                         author_role, supersedes, key_id, sealed, idempotency_key, request_fingerprint)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                 ON CONFLICT (case_id, author_staff_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                 RETURNING *, NULL::uuid AS superseded_by`,
          values: [
            noteId,
            note.caseId,
            note.organisationId,
            note.type,
            note.occurredAt,
            note.by,
            note.byRole,
            note.supersedes ?? null,
            keyId,
            sealed,
            idempotencyKey ?? null,
            fingerprint,
          ],
        },
        firstWithKey: {
          text: `SELECT * FROM ${NOTES_WITH_CORRECTIONS} WHERE case_id = $1 AND author_staff_id = $2 AND idempotency_key = $3`,
          values: [note.caseId, note.by, idempotencyKey],
        },
      },
      fingerprint,
      'a different note',
    );
    return { note: noteOf(await recordOpenerFor(keys, note.caseId), row), created };
  } catch (error) {
    if ((error as { constraint?: string }).constraint === 'case_notes_one_correction')
      throw new NoteAlreadyCorrectedError();
    throw error;
  }
}

/** Whether the case has a note with this id (corrected since or not). */
export async function noteExists(db: Queryable, caseId: string, noteId: string): Promise<boolean> {
  const found = await db.query('SELECT 1 FROM case_notes WHERE case_id = $1 AND note_id = $2', [caseId, noteId]);
  return found.rows.length > 0;
}

/** A case's notes in the order things happened, corrected ones included (marked), optionally of one type. */
export async function listNotes(
  pool: Pool,
  keys: RecordKeys,
  caseId: string,
  filter: { type?: NoteType },
  page: PageRequest,
): Promise<Page<CaseNote>> {
  const open = await recordOpenerFor(keys, caseId);
  const params = new SqlParams();
  const where = [`case_id = ${params.add(caseId)}`, ...(filter.type ? [`note_type = ${params.add(filter.type)}`] : [])];
  return selectPage<NoteRow, CaseNote>(
    pool,
    { from: NOTES_WITH_CORRECTIONS, where: where.join(' AND '), params, orderBy: 'occurred_at, recorded_at, note_id' },
    page,
    (row) => noteOf(open, row),
  );
}

/** Every note of a case, for its chronology. */
export async function allNotes(pool: Pool, keys: RecordKeys, caseId: string): Promise<CaseNote[]> {
  const open = await recordOpenerFor(keys, caseId);
  const rows = await pool.query<NoteRow>(
    `SELECT * FROM ${NOTES_WITH_CORRECTIONS} WHERE case_id = $1 ORDER BY occurred_at, recorded_at, note_id`,
    [caseId],
  );
  return rows.rows.map((row) => noteOf(open, row));
}
