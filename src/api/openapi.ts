import fs from 'node:fs';
import path from 'node:path';
import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type RequestHandler } from 'express';
import swaggerUi from 'swagger-ui-express';
import { z } from 'zod';
import { projectRoot } from '../paths';
import { ALERTS_ROUTES } from './alerts-routes';
import { AUDIT_ROUTES } from './audit-routes';
import { CASE_ACTIONS, CHILD_STATE_ROUTE } from './case-actions';
import { CASES_ROUTES } from './cases-routes';
import { PARTNER_CALLBACKS } from './partner-routes';
import { problemSchema } from './problem';
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

const PROBLEMS: Record<ProblemStatus, string> = {
  400: 'Invalid request: a field is wrong (`errors` names each one), the body is not JSON, or the workflow refused the command as invalid',
  401: 'No bearer token, or one that is not valid',
  403: 'The token’s role may not use this route, or the workflow does not permit this action for it',
  404: 'Not found, or not the caller’s to see (the two answer alike)',
  409: 'Not possible in the current state, already done, or the workflow has finished',
  413: 'The body is larger than 64 kB',
  422: 'The Idempotency-Key was used for a different disclosure, or the organisation has no policy profile',
  503: 'The case did not answer in time; an action may still be recorded, so read the case before trying again',
};

/** The routes outside the bearer token: health, and this documentation. */
const PUBLIC_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/healthz',
    tags: ['Service'],
    summary: 'Liveness',
    security: [],
    responses: { 200: { description: 'the process is up', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
  },
  {
    method: 'get',
    path: '/openapi.json',
    tags: ['Service'],
    summary: 'This OpenAPI document',
    security: [],
    responses: { 200: { description: 'the OpenAPI 3.1 document', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
  },
  {
    method: 'get',
    path: '/docs',
    tags: ['Service'],
    summary: 'Interactive documentation (Swagger UI)',
    security: [],
    responses: { 200: { description: 'the documentation page', content: { 'text/html': { schema: z.string() } } } },
  },
];

/** post /cases/:caseId/contact-attempts → postCasesByCaseIdContactAttempts */
function operationId(spec: RouteSpec): string {
  const capital = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
  const segments = spec.path.split('/').filter(Boolean).map((segment) =>
    segment.startsWith(':') ? `By${capital(segment.slice(1))}` : segment.split(/[^A-Za-z0-9]+/).map(capital).join(''),
  );
  return `${spec.method}${segments.join('')}`;
}

function routeConfig(spec: RouteSpec): RouteConfig {
  const named = pathParameterNames(spec.path);
  const params = spec.params ?? (named.length > 0 ? z.object(Object.fromEntries(named.map((name) => [name, z.string()]))) : undefined);
  const responses: Record<string, ResponseConfig> = {};
  for (const { status, description, schema } of spec.responses) {
    responses[status] = { description, content: { 'application/json': { schema } } };
  }
  for (const status of [...spec.problems].sort()) {
    responses[status] = { description: PROBLEMS[status], content: { 'application/problem+json': { schema: problemSchema } } };
  }
  return {
    method: spec.method,
    path: openApiPath(spec.path),
    operationId: operationId(spec),
    tags: [spec.tag],
    summary: spec.summary,
    description: [spec.description, `Roles: ${spec.access.roles.join(', ')}.`].filter(Boolean).join('\n\n'),
    'x-roles': [...spec.access.roles],
    security: [{ [BEARER]: [] }],
    request: {
      ...(params ? { params } : {}),
      ...(spec.query ? { query: spec.query } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
      ...(spec.body ? { body: { required: true, content: { 'application/json': { schema: spec.body } } } } : {}),
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
  for (const route of PUBLIC_ROUTES) registry.registerPath(route);
  for (const spec of documentedRoutes()) registry.registerPath(routeConfig(spec));
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'DA Case Orchestrator API',
      version: packageVersion(),
      description:
        'Domestic-abuse disclosures as durable case workflows. JSON in and out (bodies up to 64 kB, unknown fields refused); every refusal is application/problem+json. A principal sees only its own organisation’s cases; another organisation’s case answers 404.',
    },
    security: [{ [BEARER]: [] }],
    tags: [...new Set(['Service', ...documentedRoutes().map((spec) => spec.tag)])].map((name) => ({ name })),
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

/** GET /openapi.json and GET /docs; mounted before the bearer-token check, as they carry no case data. */
export function apiDocsRouter(): Router {
  const document = openApiDocument();
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.get('/docs', withTrailingSlash);
  router.use('/docs', swaggerUi.serveFiles(document), swaggerUi.setup(document, { customSiteTitle: 'DA Case Orchestrator API' }));
  return router;
}
