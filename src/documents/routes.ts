import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actsOnCases, caseParamsSchema, caseReadRoute, readsCases, visibleCase } from '../case/access';
import { actionIdempotencyHeaderSchema, actionIdempotencyKey } from '../case/idempotency';
import { IdempotencyKeyReusedError } from '../case/open-case';
import { noteExists } from '../notes/repository';
import { caseRecordFullRefusal } from '../case/keyed-insert';
import { currentUser } from '../platform/auth';
import { recordKeysOf, type ApiDependencies } from '../platform/http/dependencies';
import { at } from '../platform/http/documented';
import { pageQuery } from '../platform/http/pagination';
import { HttpProblem } from '../platform/http/problem';
import {
  CASE_READ_PROBLEMS,
  madeOrRetried,
  mountRoute,
  withBodyProblems,
  type RouteSpec,
} from '../platform/http/route-spec';
import { parseOrThrow, readOwnBody } from '../platform/http/validate';
import { DOCUMENT_CONTENT_TYPES, documentContentType, looksLike, type DocumentContentType } from './document';
import { DocumentIntegrityError, listDocuments, readDocument, storeDocument } from './repository';

const documentSchema = z
  .object({
    documentId: z.uuid(),
    caseId: z.uuid(),
    noteId: z.uuid().optional().describe('the note the document is attached to'),
    contentType: z.enum(DOCUMENT_CONTENT_TYPES),
    byteSize: z.int(),
    sha256: z.string().describe('of the bytes as uploaded, hex; also in the audit log'),
    uploadedAt: at,
    by: z.string(),
    byRole: z.string(),
  })
  .meta({ id: 'CaseDocument' });
const uploadQuerySchema = z.strictObject({
  noteId: z.uuid('noteId must be the UUID of a note of this case').optional(),
});
const documentParamsSchema = caseParamsSchema.extend({ documentId: z.uuid('the document id must be a UUID') });
const listQuerySchema = z.strictObject(pageQuery);
const allowedTypes = DOCUMENT_CONTENT_TYPES.join(', ');

export const DOCUMENT_ROUTES = {
  upload: {
    method: 'post',
    path: '/cases/:caseId/documents',
    tag: 'Case record',
    operationId: 'uploadCaseDocument',
    summary: 'Attach a document to a case (or to one of its notes)',
    description: `The file's bytes as the body, with its Content-Type: one of ${allowedTypes}, and the bytes must be such a file. At most DOCUMENT_MAX_BYTES (20 MB unless configured). Stored encrypted, outside the workflow history; its SHA-256 is recorded in the audit log. A file refused (type, size, empty) stores nothing.`,
    access: actsOnCases,
    params: caseParamsSchema,
    query: uploadQuerySchema,
    headers: actionIdempotencyHeaderSchema,
    bodyMediaTypes: DOCUMENT_CONTENT_TYPES,
    responses: madeOrRetried('the document as stored', documentSchema),
    problems: withBodyProblems([400, 401, 403, 404, 409, 422, 503]),
    logs: { auditLog: { action: 'case.document.uploaded' } },
  },
  list: caseReadRoute({
    path: '/cases/:caseId/documents',
    tag: 'Case record',
    operationId: 'listCaseDocuments',
    summary: 'List a case’s documents',
    description: 'What each document is (type, size, SHA-256, who attached it when), not its content.',
    access: readsCases,
    query: listQuerySchema,
    answer: 'one page of documents',
    schema: z.object({ items: z.array(documentSchema), total: z.int(), limit: z.int(), offset: z.int() }),
    problems: CASE_READ_PROBLEMS,
    resource: 'case.documents',
  }),
  download: {
    ...caseReadRoute({
      path: '/cases/:caseId/documents/:documentId',
      tag: 'Case record',
      operationId: 'downloadCaseDocument',
      summary: 'Download a document',
      description:
        'The bytes as uploaded, checked against their SHA-256 (sent as the Digest header), as an attachment. Each download is in the access log.',
      access: readsCases,
      answer: 'the document',
      schema: z.string().meta({ format: 'binary' }),
      problems: CASE_READ_PROBLEMS,
      resource: 'case.document',
    }),
    params: documentParamsSchema,
    responses: [
      {
        status: 200,
        description: 'the document, with its stored Content-Type',
        schema: z.string().meta({ format: 'binary' }),
        contentType: 'application/octet-stream',
      },
    ],
  },
} as const satisfies Record<string, RouteSpec>;

/** The body's bytes, or a 413 that names the limit. */
async function readBytes(req: Request, res: Response, limit: number): Promise<Buffer> {
  try {
    await readOwnBody(req, res, express.raw({ type: () => true, limit }));
  } catch (error) {
    if ((error as { type?: string }).type !== 'entity.too.large') throw error;
    throw new HttpProblem(
      { type: 'body-too-large', detail: `a document may be at most ${limit} bytes` },
      'DocumentTooLarge',
      true,
    );
  }
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

const refusedFile = (type: 'unsupported-media-type' | 'invalid-request', detail: string, field: string) =>
  new HttpProblem({ type, detail, errors: [{ field, message: detail }] }, 'DocumentRefused', true);

export function documentsRouter(deps: ApiDependencies): Router {
  const router = Router();
  const { pool, documentMaxBytes } = deps;
  const keyring = recordKeysOf(deps);

  mountRoute(router, DOCUMENT_ROUTES.upload, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { noteId } = parseOrThrow(uploadQuerySchema, req.query, 'query');
    const idempotencyKey = actionIdempotencyKey(req);
    const contentType: DocumentContentType | undefined = documentContentType(req.get('content-type'));
    if (!contentType) {
      throw refusedFile('unsupported-media-type', `a document must be one of ${allowedTypes}`, 'header.Content-Type');
    }
    const full = await caseRecordFullRefusal(pool, 'documents', found.caseId);
    if (full) throw new HttpProblem({ type: 'not-possible', detail: full }, 'CaseRecordFull', true);
    // raw-body refuses a Content-Length over the limit before reading a byte, and stops reading at it
    const bytes = await readBytes(req, res, documentMaxBytes);
    if (bytes.length === 0) throw refusedFile('invalid-request', 'the document is empty', 'body');
    if (!looksLike(contentType, bytes)) {
      throw refusedFile('unsupported-media-type', `the bytes are not a ${contentType} file`, 'header.Content-Type');
    }
    if (noteId && !(await noteExists(pool, found.caseId, noteId))) {
      throw new HttpProblem({ type: 'not-found', title: 'Note not found', detail: `the case has no note ${noteId}` });
    }
    const { staffId, role } = currentUser(req);
    try {
      const { document, created } = await storeDocument(pool, keyring, {
        caseId: found.caseId,
        organisationId: found.organisationId,
        noteId,
        contentType,
        bytes,
        by: staffId,
        byRole: role,
        idempotencyKey,
      });
      res.locals.auditDetail = {
        documentId: document.documentId,
        sha256: document.sha256,
        byteSize: document.byteSize,
        contentType: document.contentType,
      };
      res.status(created ? 201 : 200).json(document);
    } catch (error) {
      if (error instanceof IdempotencyKeyReusedError)
        throw new HttpProblem({ type: 'idempotency-key-reused', detail: error.message }, 'IdempotencyKeyReused', true);
      throw error;
    }
  });

  mountRoute(router, DOCUMENT_ROUTES.list, async (req, res) => {
    const found = await visibleCase(deps, req);
    const page = parseOrThrow(listQuerySchema, req.query, 'query');
    res.json(await listDocuments(pool, found.caseId, page));
  });

  mountRoute(router, DOCUMENT_ROUTES.download, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { documentId } = parseOrThrow(documentParamsSchema, req.params, 'path');
    let read: Awaited<ReturnType<typeof readDocument>>;
    try {
      read = await readDocument(pool, keyring, found.caseId, documentId);
    } catch (error) {
      if (!(error instanceof DocumentIntegrityError)) throw error;
      throw new HttpProblem(
        { type: 'internal-error', detail: 'the document failed its integrity check' },
        'DocumentIntegrity',
      );
    }
    if (!read)
      throw new HttpProblem({ type: 'not-found', title: 'Document not found', detail: `no document ${documentId}` });
    res
      .status(200)
      .set({
        'Content-Type': read.document.contentType,
        'Content-Disposition': `attachment; filename="document-${documentId}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
        Digest: `sha-256=${Buffer.from(read.document.sha256, 'hex').toString('base64')}`,
      })
      .send(read.bytes);
  });

  return router;
}
