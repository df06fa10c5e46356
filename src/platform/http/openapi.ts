import fs from 'node:fs';
import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { projectRoot } from '../paths';
import { lastEventIdHeaderSchema, MAX_REPLAYED_ALERTS } from '../../alerts/stream-routes';
import { ALERTS_ROUTES } from '../../alerts/routes';
import { AUDIT_ROUTES } from '../../audit/routes';
import { CASE_ACTIONS, CHILD_STATE_ROUTE } from '../../case/action-routes';
import { CASES_ROUTES } from '../../case/routes';
import { PARTNER_CALLBACKS } from '../../children/partner-routes';
import { readsAlerts } from '../../case/access';
import { CODEC_READERS, payloadsSchema, signInSchema } from '../../audit/codec-routes';
import { readinessSchema } from './operations';
import { problemSchema, RETRY_AFTER_SECONDS, sendProblem } from './problem';
import { isProblemType, PROBLEM_TYPE_CODES, PROBLEM_TYPES, problemTypesWithStatus, problemTypeUri, type ProblemType } from './problem-types';
import { openApiPath, pathParameterNames, type ProblemStatus, type RouteSpec } from './route-spec';

/**
 * The API's OpenAPI 3.1 document, generated from the route tables the routers mount (each
 * RouteSpec: method, path, role check, zod schemas), so a route added to a table is documented
 * with the same schemas that validate it. Served at GET /openapi.json, browsable at GET /docs.
 */

/** Every route behind a bearer token, from the tables the routers are mounted from. */
export function documentedRoutes(): RouteSpec[] {
  return [
    ...Object.values(CASES_ROUTES),
    ...CASE_ACTIONS.map((action) => action.spec),
    CHILD_STATE_ROUTE,
    ...Object.values(ALERTS_ROUTES),
    ...Object.values(AUDIT_ROUTES),
    ...PARTNER_CALLBACKS.map((partnerCallback) => partnerCallback.spec),
  ];
}

const BEARER = 'bearerAuth';

/** Every 503 says when to try again. */
const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'seconds to wait before trying again', schema: { type: 'integer' as const, example: RETRY_AFTER_SECONDS } },
};

const problemResponse = (status: ProblemStatus): ResponseConfig => ({
  description: problemResponseDescription(status),
  ...(status === 503 ? { headers: RETRY_AFTER_HEADER } : {}),
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** Routes mounted outside the route tables (operations, the alert stream, the codec endpoint), described by hand. */

const OTHER_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tags: ['Service'],
    summary: 'Readiness: PostgreSQL and Temporal answer',
    security: [],
    responses: {
      200: { description: 'ready', content: { 'application/json': { schema: readinessSchema } } },
      503: { description: 'not ready; `checks` says which dependency failed', content: { 'application/json': { schema: readinessSchema } } },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['Service'],
    summary: 'Prometheus metrics',
    security: [],
    responses: { 200: { description: 'metrics in the Prometheus text format', content: { 'text/plain': { schema: z.string() } } } },
  },
  {
    method: 'get',
    path: '/alerts/stream',
    operationId: 'streamAlerts',
    tags: ['Alerts'],
    summary: 'The caller’s new alerts, as server-sent events',
    description: `Events, each \`id\` a position in the alert feed (increasing):\n\n- \`alert\` (id, data: the alert as GET /alerts shows it);\n- \`ready\` (id) once caught up and subscribed;\n- \`reset\` (id) instead of the missed alerts when more than ${MAX_REPLAYED_ALERTS} were stored since \`Last-Event-ID\`: read GET /alerts;\n- \`error\` (data: problem details) when the feed is lost, e.g. the database restarted; the stream then ends.\n\nHeartbeat comments every 20 s. A client that reconnects with \`Last-Event-ID\` (an EventSource does so by itself) first gets every alert of its inbox stored after that id, then the live ones: none missed, none twice.\n\nRoles: ${readsAlerts.roles.join(', ')}.`,
    'x-roles': [...readsAlerts.roles],
    security: [{ [BEARER]: [] }],
    request: { headers: lastEventIdHeaderSchema },
    responses: {
      200: { description: 'the event stream', content: { 'text/event-stream': { schema: z.string() } } },
      400: problemResponse(400),
      401: problemResponse(401),
      403: problemResponse(403),
    },
  },
  {
    method: 'get',
    path: '/codec/sign-in',
    operationId: 'codecSignInPage',
    tags: ['Codec'],
    summary: 'The codec endpoint’s sign-in page (only when the codec endpoint is enabled)',
    security: [],
    responses: { 200: { description: 'the sign-in page', content: { 'text/html': { schema: z.string() } } } },
  },
  {
    method: 'post',
    path: '/codec/sign-in',
    operationId: 'codecSignIn',
    tags: ['Codec'],
    summary: 'Sign in to the codec endpoint with a bearer token (sets an http-only cookie for one hour)',
    description: `Roles: ${CODEC_READERS.roles.join(', ')}.`,
    security: [],
    request: { body: { required: true, content: { 'application/x-www-form-urlencoded': { schema: signInSchema } } } },
    responses: {
      200: { description: 'signed in', content: { 'text/html': { schema: z.string() } } },
      400: problemResponse(400),
      401: problemResponse(401),
      403: problemResponse(403),
    },
  },
  {
    method: 'post',
    path: '/codec/decode',
    operationId: 'codecDecode',
    tags: ['Codec'],
    summary: 'Decode payloads for the Temporal UI (the Temporal codec server protocol)',
    description:
      `Authenticated by bearer token or the sign-in cookie. Roles: ${CODEC_READERS.roles.join(', ')}. ` +
      'Decrypts a payload only if the caller may read the case it is bound to (as for GET /cases/{caseId}); any other payload, and one bound to no case, comes back exactly as sent. ' +
      'Each case decrypted for is recorded in the access log (resource case.history.codec).',
    'x-roles': [...CODEC_READERS.roles],
    security: [{ [BEARER]: [] }],
    request: { body: { required: true, content: { 'application/json': { schema: payloadsSchema } } } },
    responses: {
      200: { description: 'the payloads, in order: decoded where the caller may read their case, otherwise as sent', content: { 'application/json': { schema: payloadsSchema } } },
      400: problemResponse(400),
      401: problemResponse(401),
      403: problemResponse(403),
      413: problemResponse(413),
      503: problemResponse(503),
    },
  },
];

/** A problem response's description: each `type` it may carry, from the catalogue (src/platform/http/problem-types.ts). */
function problemResponseDescription(status: ProblemStatus): string {
  return problemTypesWithStatus(status)
    .map((code) => `\`${problemTypeUri(code)}\`: ${PROBLEM_TYPES[code].description}`)
    .join('\n\n');
}

/** The routes outside the bearer token: health, and this documentation. */
const PUBLIC_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/',
    operationId: 'home',
    tags: ['Service'],
    summary: 'Where the documentation is',
    description: 'A browser (Accept: text/html) is redirected to /docs/.',
    security: [],
    responses: {
      200: { description: 'links to the documentation', content: { 'application/json': { schema: z.object({ name: z.string(), docs: z.string(), openapi: z.string() }) } } },
      302: { description: 'to /docs/, for a browser' },
    },
  },
  {
    method: 'get',
    path: '/problems/{code}',
    operationId: 'describeProblemType',
    tags: ['Service'],
    summary: 'What a problem type means',
    description: 'Every problem’s `type` is `/problems/{code}`; this describes it.',
    security: [],
    request: { params: z.object({ code: z.enum(PROBLEM_TYPE_CODES as [ProblemType, ...ProblemType[]]) }) },
    responses: {
      200: {
        description: 'the problem type',
        content: { 'application/json': { schema: z.object({ type: z.string(), status: z.int(), title: z.string(), description: z.string() }) } },
      },
      404: { description: problemResponseDescription(404), content: { 'application/problem+json': { schema: problemSchema } } },
    },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tags: ['Service'],
    summary: 'Liveness',
    security: [],
    responses: { 200: { description: 'the process is up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tags: ['Service'],
    summary: 'This OpenAPI document',
    security: [],
    responses: { 200: { description: 'the OpenAPI 3.1 document', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
  },
  {
    method: 'get',
    path: '/docs',
    operationId: 'apiDocs',
    tags: ['Service'],
    summary: 'Interactive documentation (Swagger UI)',
    security: [],
    responses: { 200: { description: 'the documentation page', content: { 'text/html': { schema: z.string() } } } },
  },
];

function routeConfig(spec: RouteSpec): RouteConfig {
  const named = pathParameterNames(spec.path);
  const params = spec.params ?? (named.length > 0 ? z.object(Object.fromEntries(named.map((name) => [name, z.string()]))) : undefined);
  const responses: Record<string, ResponseConfig> = {};
  for (const { status, description, schema } of spec.responses) {
    responses[status] = { description, content: { 'application/json': { schema } } };
  }
  for (const status of [...spec.problems].sort()) responses[status] = problemResponse(status);
  return {
    method: spec.method,
    path: openApiPath(spec.path),
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: [spec.description, `Roles: ${spec.access.roles.join(', ')}.`].filter(Boolean).join('\n\n'),
    'x-roles': [...spec.access.roles],
    security: [{ [BEARER]: [] }],
    request: {
      ...(params ? { params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body, ...(spec.bodyExample === undefined ? {} : { example: spec.bodyExample }) } } } } : {}),
    },
    responses,
  };
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return z.object({ version: z.string() }).parse(manifest).version;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** Builds the document from the route tables (every call builds it anew). */
export function buildOpenApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT from the identity provider carrying exactly one role; its `sub` is the actor of every action.',
  });
  for (const route of [...PUBLIC_ROUTES, ...OTHER_ROUTES]) registry.registerPath(route);
  for (const spec of documentedRoutes()) registry.registerPath(routeConfig(spec));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'DA Case Orchestrator API',
      version: packageVersion(),
      description:
        'Domestic-abuse disclosures as durable case workflows. JSON in and out (bodies up to 64 kB, unknown fields refused); every refusal is application/problem+json, Node’s own included: headers must arrive within 10 s and the whole request within 15 s (`/problems/request-timeout`, 408), and the request line and headers are at most 16 kB (`/problems/headers-too-large`, 431). Every POST that changes a case takes an optional `Idempotency-Key`: a retry with the same key is applied at most once and answers the first result; every 503 carries `Retry-After`. A principal sees only its own organisation’s cases; another organisation’s case answers 404.',
    },
    servers: [{ url: '/', description: 'this API, where this document is served from' }],
    security: [{ [BEARER]: [] }],
    tags: [...new Set(['Service', 'Alerts', 'Codec', ...documentedRoutes().map((spec) => spec.tag)])].map((name) => ({ name })),
  });
}

let built: OpenApiDocument | undefined;

/** The document, built once per process. */
export function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}

/** /docs → /docs/, so that the page's relative links to its scripts resolve below /docs/. */
const withTrailingSlash: RequestHandler = (req, res, next) => {
  const [pathname, query] = req.originalUrl.split(/\?(.*)/s);
  if (pathname!.endsWith('/')) return next();
  res.redirect(301, `${pathname}/${query ? `?${query}` : ''}`);
};

/** GET /problems/{code}: what a problem `type` means, so that its URI resolves to its description. */
const describeProblemType: RequestHandler = (req, res) => {
  const code = String(req.params.code);
  if (!isProblemType(code)) return sendProblem(res, { type: 'not-found', detail: `no problem type ${code.slice(0, 100)}` });
  res.json({ type: problemTypeUri(code), ...PROBLEM_TYPES[code] });
};

/** GET /: a browser is sent to the documentation; any other client is told where it is. */
const home: RequestHandler = (req, res) => {
  if (req.accepts(['json', 'html']) === 'html') return res.redirect(302, '/docs/');
  res.json({ name: 'DA Case Orchestrator API', docs: '/docs/', openapi: '/openapi.json' });
};

/** GET /, /openapi.json, /docs and /problems/{code}; mounted before the bearer-token check, as they carry no case data. */
export function apiDocsRouter(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/', home);
  router.get('/problems/:code', describeProblemType);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', withTrailingSlash);
  router.use('/docs', swaggerUi.serveFiles(document), swaggerUi.setup(document, { customSiteTitle: 'DA Case Orchestrator API' }));
  return router;
}
