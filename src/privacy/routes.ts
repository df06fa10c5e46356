import { Router } from 'express';
import { z } from 'zod';
import { createArchiveReader } from '../archive/store';
import { loadCaseTimeline } from '../audit/timeline-source';
import { caseReadRoute, visibleCase } from '../case/access';
import { callWorkflow } from '../case/temporal-errors';
import { listDocuments } from '../documents/repository';
import type { CaseDocument } from '../documents/document';
import { allNotes } from '../notes/repository';
import { currentUser } from '../platform/auth';
import { recordKeysOf, type ApiDependencies } from '../platform/http/dependencies';
import { requireRole } from '../platform/http/require-role';
import { CASE_READ_PROBLEMS, mountRoute, workflowResultSchema, type RouteSpec } from '../platform/http/route-spec';
import { parseOrThrow } from '../platform/http/validate';
import { subjectAccessDocument, subjectAccessExport } from './subject-access';

/** A subject access request is answered by a DA lead (or the head of service), who checks it before it goes. */
const answersSubjectAccess = requireRole('da_lead', 'head_of_service');

const subjectAccessQuery = z.strictObject({
  format: z.enum(['json', 'text'], { error: 'format must be json or text' }).default('json'),
});

export const PRIVACY_ROUTES = {
  subjectAccess: caseReadRoute({
    path: '/cases/:caseId/subject-access',
    tag: 'Privacy',
    operationId: 'subjectAccessExport',
    summary: 'Export the survivor’s own data (a subject access request)',
    description:
      'The survivor’s data from the case, its notes and its documents’ list, chosen field by field from the data model: the alleged perpetrator’s and third parties’ details are never included, and the export says what was withheld. format=text gives a readable document. Each export is written to the access log.',
    access: answersSubjectAccess,
    query: subjectAccessQuery,
    answer: 'the export (format da-subject-access/v1), or the readable document with format=text',
    schema: workflowResultSchema,
    problems: CASE_READ_PROBLEMS,
    resource: 'case.subject_access',
  }),
} as const satisfies Record<string, RouteSpec>;

/** Every document of a case, page by page. */
async function allDocuments(deps: ApiDependencies, caseId: string): Promise<CaseDocument[]> {
  const documents: CaseDocument[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await listDocuments(deps.pool, caseId, { limit: 100, offset });
    documents.push(...page.items);
    if (page.items.length < 100) return documents;
  }
}

export function privacyRouter(deps: ApiDependencies): Router {
  const router = Router();
  const archive = createArchiveReader(deps.pool);
  mountRoute(router, PRIVACY_ROUTES.subjectAccess, async (req, res) => {
    const found = await visibleCase(deps, req);
    const { format } = parseOrThrow(subjectAccessQuery, req.query, 'query');
    const [{ view }, notes, documents] = await Promise.all([
      callWorkflow(deps, found.workflowId, () =>
        loadCaseTimeline(deps.client, found.caseId, { archive, dataConverter: deps.historyConverter }),
      ),
      allNotes(deps.pool, recordKeysOf(deps), found.caseId),
      allDocuments(deps, found.caseId),
    ]);
    const exported = subjectAccessExport(view, notes, documents, new Date().toISOString(), currentUser(req).staffId);
    // as bytes: the trail writes the access log before bytes go out, as it does for JSON
    if (format === 'text')
      res.type('text/plain; charset=utf-8').send(Buffer.from(subjectAccessDocument(exported), 'utf8'));
    else res.json(exported);
  });
  return router;
}
