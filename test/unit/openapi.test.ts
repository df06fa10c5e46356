import { ERASURE_ROUTES, erasureRouter } from '../../src/privacy/erasure-routes';
import { privacyRouter } from '../../src/privacy/routes';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { Client } from '@temporalio/client';
import { Router } from 'express';
import type { Pool } from 'pg';
import { alertsRouter } from '../../src/alerts/routes';
import { buildOpenApiDocument, createApp, documentedRoutes } from '../../src/api';
import type { ApiDependencies } from '../../src/platform/http/dependencies';
import { caseActionsRouter, CASE_ACTIONS } from '../../src/case/action-routes';
import { casesRouter } from '../../src/case/routes';
import type { OpenApiDocument } from '../../src/platform/http/openapi';
import { partnerRouter, PARTNER_CALLBACKS } from '../../src/children/partner-routes';
import { auditRouter } from '../../src/audit/routes';
import { NOTES_ROUTES, notesRouter } from '../../src/notes/routes';
import { DOCUMENT_ROUTES, documentsRouter } from '../../src/documents/routes';
import { flagsRouter } from '../../src/flags/routes';
import { directoryRouter, staffImportRouter } from '../../src/directory/routes';
import { openApiPath, type RouteSpec } from '../../src/platform/http/route-spec';
import { sendProblem } from '../../src/platform/http/problem';
import { testDataConverter, testLogger } from '../support/temporal';
import { testKeyring } from '../support/test-keys';
import { policyRouter } from '../../src/policy/routes';
import { reportingRouter } from '../../src/reporting/routes';
import type { PolicyRegistry } from '../../src/policy/registry';
import { shippedProfiles } from '../support/profiles';

/** Routers are built without touching their dependencies; nothing here reaches a database or Temporal. */
const deps: ApiDependencies & { profiles: PolicyRegistry } = {
  pool: {} as Pool,
  client: {} as Client,
  taskQueue: 'unused',
  logger: testLogger,
  readYourWriteTimeoutMs: 0,
  caseCallTimeoutMs: 0,
  authenticate: (_req, res) => sendProblem(res, { type: 'unauthenticated', detail: 'no token in this test' }),
  historyConverter: testDataConverter,
  recordsKeyring: testKeyring,
  documentMaxBytes: 1024,
  profiles: shippedProfiles,
};

/** Every route the API documents; the routers' own stacks below are checked against it. */
const tableRoutes: RouteSpec[] = documentedRoutes();
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/** What express itself has mounted on a router: method, express path and the first handler (the role check). */
function mountedRoutes(router: Router): { method: string; path: string; guard: unknown }[] {
  return (
    router.stack as unknown as {
      route?: { path: string; methods: Record<string, boolean>; stack: { handle: unknown }[] };
    }[]
  ).flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => ({
          method,
          path: layer.route!.path,
          guard: layer.route!.stack[0]!.handle,
        }))
      : [],
  );
}

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function documentedOperations(document: OpenApiDocument): string[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => (item as Record<string, unknown>)[method] !== undefined).map((method) =>
      key(method, path),
    ),
  );
}

describe('the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every route of every table, and only those besides its own public ones', () => {
    const expected = tableRoutes.map((spec) => key(spec.method, openApiPath(spec.path)));
    expect(new Set(expected).size).toBe(expected.length);
    expect(documentedOperations(document).sort()).toEqual(
      [
        ...expected,
        ...[
          '/',
          '/problems/{code}',
          '/healthz',
          '/openapi.json',
          '/docs',
          '/readyz',
          '/metrics',
          '/alerts/stream',
          '/codec/sign-in',
          '/console/config',
          '/console/me',
        ].map((path) => key('get', path)),
        ...['/codec/sign-in', '/codec/decode', '/console/dev-session'].map((path) => key('post', path)),
      ].sort(),
    );
    const operationIds = tableRoutes.map(
      (spec) => (document.paths![openApiPath(spec.path)] as Record<string, any>)[spec.method].operationId,
    );
    expect(new Set(operationIds).size).toBe(tableRoutes.length);
    // Readable names: a case action or callback is named by its Update, e.g. recordOfferDecision.
    const decision = (document.paths!['/cases/{caseId}/rehousing/{sequence}/offers/{offerReference}/decision'] as any)
      .post;
    expect(decision.operationId).toBe('recordOfferDecision');
    const everyId = Object.values(document.paths ?? {}).flatMap((item) =>
      HTTP_METHODS.flatMap((method) => (item as any)[method]?.operationId ?? []),
    );
    expect(everyId).toHaveLength(documentedOperations(document).length);
    for (const id of everyId) expect(id).toMatch(/^[a-z][A-Za-z]{2,40}$/);
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('documents every route the routers actually mount, behind the role check it names', () => {
    const mounted = [
      casesRouter(deps),
      caseActionsRouter(deps),
      notesRouter(deps),
      documentsRouter(deps),
      flagsRouter(deps),
      auditRouter(deps),
      privacyRouter(deps),
      erasureRouter(deps),
      reportingRouter(deps),
      alertsRouter(deps),
      partnerRouter(deps),
      policyRouter(deps),
      directoryRouter(deps),
      staffImportRouter(deps),
    ].flatMap(mountedRoutes);
    expect(mounted.length).toBe(tableRoutes.length);
    for (const route of mounted) {
      const spec = tableRoutes.find((candidate) => candidate.method === route.method && candidate.path === route.path);
      expect(spec).toBeDefined();
      expect(route.guard).toBe(spec!.access);
    }
  });

  it('gives each operation its parameters, body, success and problem responses, roles and bearer security', () => {
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components?.schemas?.Problem).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['type', 'status', 'title']),
    });
    for (const spec of tableRoutes) {
      const operation = (document.paths![openApiPath(spec.path)] as Record<string, any>)[spec.method];
      const where = key(spec.method, spec.path);
      expect({ where, security: operation.security }).toEqual({ where, security: [{ bearerAuth: [] }] });
      expect({ where, roles: operation['x-roles'] }).toEqual({ where, roles: [...spec.access.roles] });
      const pathParameters = [...spec.path.matchAll(/:(\w+)/g)].map(([, name]) => name);
      const documentedPath = (operation.parameters ?? []).filter((parameter: any) => parameter.in === 'path');
      expect({ where, path: documentedPath.map((parameter: any) => parameter.name).sort() }).toEqual({
        where,
        path: pathParameters.sort(),
      });
      for (const parameter of documentedPath) expect(parameter.required).toBe(true);
      expect({ where, body: operation.requestBody !== undefined }).toEqual({
        where,
        body: spec.body !== undefined || spec.bodyMediaTypes !== undefined,
      });
      if (spec.body === undefined)
        for (const type of spec.bodyMediaTypes ?? [])
          expect(operation.requestBody.content[type].schema).toMatchObject({ format: 'binary' });
      for (const { status, contentType = 'application/json' } of spec.responses)
        expect(operation.responses[status].content[contentType].schema).toBeDefined();
      for (const status of [401, 403, ...spec.problems]) {
        expect({
          where,
          status,
          schema: operation.responses[status]?.content['application/problem+json'].schema,
        }).toEqual({
          where,
          status,
          schema: { $ref: '#/components/schemas/Problem' },
        });
      }
    }
  });

  it('documents what each case action answers: the Update’s result type, not an untyped object', () => {
    const answer = (path: string) =>
      (document.paths![path] as any).post.responses[200].content['application/json'].schema;
    // what the action recorded, never the whole case (CaseState)
    expect(answer('/cases/{caseId}/contact-attempts')).toEqual({ $ref: '#/components/schemas/ContactAttemptRecorded' });
    expect(answer('/cases/{caseId}/closure')).toEqual({ $ref: '#/components/schemas/CaseClosed' });
    expect(
      CASE_ACTIONS.filter((action) => answer(openApiPath(action.spec.path)).$ref === '#/components/schemas/CaseState'),
    ).toEqual([]);
    expect(answer('/cases/{caseId}/dash')).toEqual({ $ref: '#/components/schemas/RiskAssessmentRecord' });
    expect(answer('/cases/{caseId}/sharing-requests')).toEqual({ $ref: '#/components/schemas/SharingRequestState' });
    expect(answer('/cases/{caseId}/consents')).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/SharingRequestState' },
    });
    expect(answer('/cases/{caseId}/marac-referrals')).toEqual({ $ref: '#/components/schemas/ChildStatus' });
    expect(answer('/cases/{caseId}/rehousing/{sequence}/offers')).toEqual({
      $ref: '#/components/schemas/RehousingState',
    });
    for (const action of CASE_ACTIONS) {
      const schema = answer(openApiPath(action.spec.path));
      const named = schema.$ref ?? schema.items?.$ref;
      expect({ action: action.updateName, named }).toEqual({
        action: action.updateName,
        named: expect.stringMatching(/^#\/components\/schemas\/\w+$/),
      });
    }
    const caseState = document.components!.schemas!.CaseState as any;
    expect(caseState.required).toEqual(
      expect.arrayContaining(['caseId', 'status', 'deadlines', 'sharing', 'children', 'stateVersion']),
    );
    expect(
      (document.paths!['/cases/{caseId}/state'] as any).get.responses[200].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/CaseState' });
  });

  it('gives every operation with a body an example that its own body schema accepts', () => {
    for (const spec of tableRoutes.filter((route) => route.body !== undefined)) {
      const where = key(spec.method, spec.path);
      const documented = (document.paths![openApiPath(spec.path)] as any)[spec.method].requestBody.content[
        spec.bodyMediaTypes?.[0] ?? 'application/json'
      ].example;
      expect({ where, documented: documented !== undefined }).toEqual({ where, documented: true });
      const parsed = spec.body!.safeParse(documented);
      expect({ where, issues: parsed.error?.issues ?? [] }).toEqual({ where, issues: [] });
    }
  });

  it('takes an Idempotency-Key on every POST that changes a case, and says when to retry after every 503', () => {
    const changesCase = tableRoutes.filter(
      (spec) => spec.method === 'post' && (spec.path.startsWith('/cases') || spec.path.startsWith('/partners')),
    );
    const notePosts = [
      ...Object.values(NOTES_ROUTES),
      ...Object.values(DOCUMENT_ROUTES),
      ...Object.values(ERASURE_ROUTES),
    ].filter((spec) => spec.method === 'post');
    expect(changesCase.length).toBe(1 + CASE_ACTIONS.length + notePosts.length + PARTNER_CALLBACKS.length);
    for (const spec of changesCase) {
      const operation = (document.paths![openApiPath(spec.path)] as Record<string, any>)[spec.method];
      const header = operation.parameters.find(
        (parameter: { in: string; name: string }) => parameter.in === 'header' && parameter.name === 'Idempotency-Key',
      );
      // a key used before for another action is refused with 422, so the document says so
      const reusedKey = operation.responses['422'] !== undefined;
      expect({ route: key(spec.method, spec.path), header: header !== undefined, reusedKey }).toEqual({
        route: key(spec.method, spec.path),
        header: true,
        reusedKey: true,
      });
    }
    for (const spec of tableRoutes) {
      const unavailable = (document.paths![openApiPath(spec.path)] as Record<string, any>)[spec.method].responses[
        '503'
      ];
      if (unavailable) expect(unavailable.headers?.['Retry-After']).toMatchObject({ schema: { type: 'integer' } });
    }
  });

  it('documents a case action’s body as its command without actor or the path’s ids', () => {
    const body = (path: string) => (document.paths![path] as any).post.requestBody.content['application/json'].schema;
    const lawfulBasis = body('/cases/{caseId}/sharing-requests/{requestId}/lawful-basis');
    expect(Object.keys(lawfulBasis.properties).sort()).toEqual([
      'basis',
      'rationale',
      'reasonNotTelling',
      'tellSurvivor',
    ]);
    expect(lawfulBasis).toMatchObject({
      additionalProperties: false,
      required: ['basis', 'rationale', 'tellSurvivor'],
    });
    // the cross-field rule JSON Schema cannot say is named
    expect(lawfulBasis.description).toContain('record why the survivor will not be told');
    expect(body('/cases/{caseId}/contact-attempts').properties.actor).toBeUndefined();
    expect(
      body('/cases/{caseId}/rehousing/{sequence}/offers/{offerReference}/decision').properties.offerReference,
    ).toBeUndefined();
    const sequence = (document.paths!['/cases/{caseId}/marac/{sequence}/submission'] as any).post.parameters.find(
      (p: any) => p.name === 'sequence',
    );
    expect(sequence.schema).toMatchObject({ type: 'integer', minimum: 1 });
    // POST /cases: the Idempotency-Key header and the disclosure
    const open = (document.paths!['/cases'] as any).post;
    expect(open.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true })]),
    );
    expect(open.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['organisationId', 'survivor', 'safeContact']),
    );
  });
});

describe('GET /openapi.json and /docs', () => {
  let server: Server;
  let baseUrl: string;
  beforeAll(async () => {
    server = await new Promise((resolve) => {
      const listening = createApp(deps).listen(0, '127.0.0.1', () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serve the document and the interactive docs without a token, and nothing else', async () => {
    const json = await fetch(`${baseUrl}/openapi.json`);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));

    const docs = await fetch(`${baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.url).toBe(`${baseUrl}/docs/`);
    expect(docs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await docs.text()).toContain('swagger-ui');
    const init = await fetch(`${baseUrl}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(await init.text()).toContain('/cases/{caseId}/contact-attempts');
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css'])
      expect((await fetch(`${baseUrl}/docs/${asset}`)).status).toBe(200);

    expect((await fetch(`${baseUrl}/cases`)).status).toBe(401);
  });

  it('send a browser at / to the docs, and tell any other client where they are', async () => {
    const browser = await fetch(`${baseUrl}/`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/docs/');
    const client = await fetch(`${baseUrl}/`, { headers: { accept: 'application/json' } });
    expect(client.status).toBe(200);
    expect(await client.json()).toMatchObject({ docs: '/docs/', openapi: '/openapi.json' });
  });

  it('give every problem a stable type that resolves to its description and is listed in the document', async () => {
    const refused = await fetch(`${baseUrl}/cases`);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await refused.json()) as { type: string };
    expect(problem).toMatchObject({ type: '/problems/unauthenticated', status: 401 });
    const described = await fetch(new URL(problem.type, `${baseUrl}/cases`));
    expect(described.status).toBe(200);
    expect(await described.json()).toMatchObject({
      type: '/problems/unauthenticated',
      status: 401,
      title: 'Unauthenticated',
      description: expect.any(String),
    });
    expect((await fetch(`${baseUrl}/problems/no-such-thing`)).status).toBe(404);

    const listed = (buildOpenApiDocument().components?.schemas?.Problem as any).properties.type.enum;
    expect(listed).toEqual(
      expect.arrayContaining([
        '/problems/unauthenticated',
        '/problems/no-answer-in-time',
        '/problems/workflow-finished',
        '/problems/unsupported-media-type',
      ]),
    );
    for (const type of listed) expect((await fetch(`${baseUrl}${type}`)).status).toBe(200);
  });
});
