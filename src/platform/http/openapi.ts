import fs from 'node:fs';
import path from 'node:path';
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  type ResponseConfig,
  type RouteConfig,
} from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { projectRoot } from '../paths';
import { readinessSchema } from './operations';
import { problemSchema, RETRY_AFTER_SECONDS, sendProblem } from './problem';
import {
  isProblemType,
  PROBLEM_TYPE_CODES,
  PROBLEM_TYPES,
  problemTypesWithStatus,
  problemTypeUri,
  type ProblemType,
} from './problem-types';
import { openApiPath, pathParameterNames, type ProblemStatus, type RouteSpec } from './route-spec';

/**
 * The API's OpenAPI 3.1 document, generated from the route tables the routers mount (each
 * RouteSpec: method, path, role check, zod schemas), so a route added to a table is documented
 * with the same schemas that validate it. Served at GET /openapi.json, browsable at GET /docs.
 * The tables are the domains'; src/api.ts hands them in.
 */

const BEARER = 'bearerAuth';

/** A route behind the bearer token, as the `security` of its operation. */
export const BEARER_SECURITY = [{ [BEARER]: [] }];

/** Every 503 says when to try again. */
const RETRY_AFTER_HEADER = {
  'Retry-After': {
    description: 'seconds to wait before trying again',
    schema: { type: 'integer' as const, example: RETRY_AFTER_SECONDS },
  },
};

/** A problem+json response with `status`, described by the problem types it may carry. */
export const problemResponse = (status: ProblemStatus): ResponseConfig => ({
  description: problemResponseDescription(status),
  ...(status === 503 ? { headers: RETRY_AFTER_HEADER } : {}),
  content: { 'application/problem+json': { schema: problemSchema } },
});

/** GET /readyz and /metrics (src/platform/http/operations.ts), described by hand. */
const OPERATIONS_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tags: ['Service'],
    summary: 'Readiness: PostgreSQL and Temporal answer',
    security: [],
    responses: {
      200: { description: 'ready', content: { 'application/json': { schema: readinessSchema } } },
      503: {
        description: 'not ready; `checks` says which dependency failed',
        content: { 'application/json': { schema: readinessSchema } },
      },
    },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tags: ['Service'],
    summary: 'Prometheus metrics',
    security: [],
    responses: {
      200: { description: 'metrics in the Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
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
      200: {
        description: 'links to the documentation',
        content: {
          'application/json': { schema: z.object({ name: z.string(), docs: z.string(), openapi: z.string() }) },
        },
      },
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
        content: {
          'application/json': {
            schema: z.object({ type: z.string(), status: z.int(), title: z.string(), description: z.string() }),
          },
        },
      },
      404: {
        description: problemResponseDescription(404),
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  },
  {
    method: 'get',
    path: '/healthz',
    operationId: 'liveness',
    tags: ['Service'],
    summary: 'Liveness',
    security: [],
    responses: {
      200: {
        description: 'the process is up',
        content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
      },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'openApiDocument',
    tags: ['Service'],
    summary: 'This OpenAPI document',
    security: [],
    responses: {
      200: {
        description: 'the OpenAPI 3.1 document',
        content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
      },
    },
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
  const params =
    spec.params ??
    (named.length > 0 ? z.object(Object.fromEntries(named.map((name) => [name, z.string()]))) : undefined);
  const responses: Record<string, ResponseConfig> = {};
  for (const { status, description, schema, contentType = 'application/json' } of spec.responses) {
    responses[status] = { description, content: { [contentType]: { schema } } };
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
    security: BEARER_SECURITY,
    request: {
      ...(params ? { params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body || spec.bodyMediaTypes
        ? {
            body: {
              required: true,
              content: Object.fromEntries(
                (spec.bodyMediaTypes ?? ['application/json']).map((type) => [
                  type,
                  {
                    schema: spec.body ?? z.string().meta({ format: 'binary' }),
                    ...(spec.bodyExample === undefined ? {} : { example: spec.bodyExample }),
                  },
                ]),
              ),
            },
          }
        : {}),
    },
    responses,
  };
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
  return z.object({ version: z.string() }).parse(manifest).version;
}

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/** What the document describes besides this file's own routes: the domains' (src/api.ts lists them). */
export interface DocumentedApi {
  /** every route mounted from a route table, behind the bearer token */
  routes: readonly RouteSpec[];
  /** routes mounted otherwise (the alert stream, the codec endpoint), described by hand */
  described: readonly RouteConfig[];
}

/** Builds the document (every call builds it anew). */
export function generateOpenApiDocument(api: DocumentedApi): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', BEARER, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT from the identity provider carrying exactly one role; its `sub` is the actor of every action.',
  });
  for (const route of [...PUBLIC_ROUTES, ...OPERATIONS_ROUTES, ...api.described]) registry.registerPath(route);
  for (const spec of api.routes) registry.registerPath(routeConfig(spec));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'DA Case Orchestrator API',
      version: packageVersion(),
      description:
        'Domestic-abuse disclosures as durable case workflows. JSON in and out (bodies up to 64 kB, unknown fields refused); every refusal is application/problem+json, Node’s own included: headers must arrive within 10 s and the whole request within 15 s (`/problems/request-timeout`, 408), and the request line and headers are at most 16 kB (`/problems/headers-too-large`, 431). Every POST that changes a case takes an optional `Idempotency-Key`: a retry with the same key is applied at most once and answers the first result; every 503 carries `Retry-After`. A principal sees only its own organisation’s cases; another organisation’s case answers 404.',
    },
    servers: [{ url: '/', description: 'this API, where this document is served from' }],
    security: BEARER_SECURITY,
    tags: [
      ...new Set([
        'Service',
        ...api.described.flatMap((route) => route.tags ?? []),
        ...api.routes.map((spec) => spec.tag),
      ]),
    ].map((name) => ({ name })),
  });
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
  if (!isProblemType(code))
    return sendProblem(res, { type: 'not-found', detail: `no problem type ${code.slice(0, 100)}` });
  res.json({ type: problemTypeUri(code), ...PROBLEM_TYPES[code] });
};

/** GET /: a browser is sent to the documentation; any other client is told where it is. */
const home: RequestHandler = (req, res) => {
  if (req.accepts(['json', 'html']) === 'html') return res.redirect(302, '/docs/');
  res.json({ name: 'DA Case Orchestrator API', docs: '/docs/', openapi: '/openapi.json' });
};

/** GET /, /openapi.json, /docs and /problems/{code}; mounted before the bearer-token check, as they carry no case data. */
export function apiDocsRouter(document: OpenApiDocument): Router {
  const router = Router();
  router.get('/', home);
  router.get('/problems/:code', describeProblemType);
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', withTrailingSlash);
  router.use(
    '/docs',
    swaggerUi.serveFiles(document),
    swaggerUi.setup(document, { customSiteTitle: 'DA Case Orchestrator API' }),
  );
  return router;
}
