import { createHash, randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { insertOnceByKey } from '../case/keyed-insert';
import { recordOpenerFor, sealCaseRecord, type RecordKeys } from '../platform/crypto/records';
import { selectPage, SqlParams, type Page, type PageRequest } from '../platform/db/paged-query';
import type { CaseDocument, DocumentContentType } from './document';

interface DocumentRow {
  document_id: string;
  case_id: string;
  note_id: string | null;
  content_type: DocumentContentType;
  byte_size: number;
  sha256: string;
  uploaded_at: Date;
  uploaded_by: string;
  uploaded_role: string;
  key_id: string;
  sealed: Buffer;
  request_fingerprint: string | null;
}

const METADATA_COLUMNS = `document_id, case_id, note_id, content_type, byte_size, sha256, uploaded_at, uploaded_by,
  uploaded_role, request_fingerprint`;

/** Sealed bytes open only as this document of this case. */
const sealedAs = (documentId: string, caseId: string) => `case-document:${documentId}:case:${caseId}`;

const documentOf = (row: DocumentRow): CaseDocument => ({
  documentId: row.document_id,
  caseId: row.case_id,
  ...(row.note_id && { noteId: row.note_id }),
  contentType: row.content_type,
  byteSize: row.byte_size,
  sha256: row.sha256,
  uploadedAt: row.uploaded_at.toISOString(),
  by: row.uploaded_by,
  byRole: row.uploaded_role,
});

export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface DocumentToStore {
  caseId: string;
  organisationId: string;
  noteId?: string;
  contentType: DocumentContentType;
  bytes: Buffer;
  by: string;
  byRole: string;
  idempotencyKey?: string;
}

/** Stores the document sealed; `created` is false for a retry of an upload already stored (same key, same file). */
export async function storeDocument(
  pool: Pool,
  keys: RecordKeys,
  document: DocumentToStore,
): Promise<{ document: CaseDocument; created: boolean }> {
  const documentId = randomUUID();
  const sha256 = sha256Of(document.bytes);
  const { keyId, sealed } = await sealCaseRecord(
    keys,
    document.caseId,
    document.bytes,
    sealedAs(documentId, document.caseId),
  );
  const fingerprint =
    document.idempotencyKey === undefined ? null : `${document.contentType}:${document.noteId ?? ''}:${sha256}`;
  const { row, created } = await insertOnceByKey<DocumentRow>(
    pool,
    {
      insert: {
        text: `INSERT INTO case_documents (document_id, case_id, organisation_id, note_id, content_type, byte_size, sha256,
                                           uploaded_by, uploaded_role, key_id, sealed, idempotency_key, request_fingerprint)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
               ON CONFLICT (case_id, uploaded_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
               RETURNING ${METADATA_COLUMNS}`,
        values: [
          documentId,
          document.caseId,
          document.organisationId,
          document.noteId ?? null,
          document.contentType,
          document.bytes.length,
          sha256,
          document.by,
          document.byRole,
          keyId,
          sealed,
          document.idempotencyKey ?? null,
          fingerprint,
        ],
      },
      firstWithKey: {
        text: `SELECT ${METADATA_COLUMNS} FROM case_documents WHERE case_id = $1 AND uploaded_by = $2 AND idempotency_key = $3`,
        values: [document.caseId, document.by, document.idempotencyKey],
      },
    },
    fingerprint,
    'a different document',
  );
  return { document: documentOf(row), created };
}

export function listDocuments(pool: Pool, caseId: string, page: PageRequest): Promise<Page<CaseDocument>> {
  const params = new SqlParams();
  return selectPage<DocumentRow, CaseDocument>(
    pool,
    {
      from: `(SELECT ${METADATA_COLUMNS} FROM case_documents) AS documents`,
      where: `case_id = ${params.add(caseId)}`,
      params,
      orderBy: 'uploaded_at, document_id',
    },
    page,
    documentOf,
  );
}

export class DocumentIntegrityError extends Error {
  override readonly name = 'DocumentIntegrityError';
}

/** The document and its bytes, opened and checked against the SHA-256 recorded at upload. */
export async function readDocument(
  pool: Pool,
  keys: RecordKeys,
  caseId: string,
  documentId: string,
): Promise<{ document: CaseDocument; bytes: Buffer } | undefined> {
  const found = await pool.query<DocumentRow>(`SELECT * FROM case_documents WHERE case_id = $1 AND document_id = $2`, [
    caseId,
    documentId,
  ]);
  const row = found.rows[0];
  if (!row) return undefined;
  const open = await recordOpenerFor(keys, caseId);
  const bytes = open({ keyId: row.key_id, sealed: row.sealed }, sealedAs(row.document_id, row.case_id));
  if (sha256Of(bytes) !== row.sha256)
    throw new DocumentIntegrityError(`document ${documentId} fails its SHA-256 check`);
  return { document: documentOf(row), bytes };
}
