import type { Server } from 'node:http';
import type { Express } from 'express';
import { AlertFeed } from './alerts/feed';
import { ALERTS_ROUTES, alertsRouter } from './alerts/routes';
import { ALERT_STREAM_ROUTE, alertStreamRouter } from './alerts/stream-routes';
import { CODEC_ROUTES, codecRouter, type CodecEndpointOptions } from './audit/codec-routes';
import { AUDIT_ROUTES, auditRouter } from './audit/routes';
import { auditTrail } from './audit/trail';
import { CASE_ACTIONS, CHILD_STATE_ROUTE, caseActionsRouter } from './case/action-routes';
import { CASES_ROUTES, casesRouter } from './case/routes';
import { NOTES_ROUTES, notesRouter } from './notes/routes';
import { FLAG_ROUTES, flagsRouter } from './flags/routes';
import { DOCUMENT_ROUTES, documentsRouter } from './documents/routes';
import { PARTNER_CALLBACKS, partnerRouter } from './children/partner-routes';
import { POLICY_ROUTES, policyRouter } from './policy/routes';
import { PRIVACY_ROUTES, privacyRouter } from './privacy/routes';
import { ERASURE_ROUTES, erasureRouter } from './privacy/erasure-routes';
import { REPORTING_ROUTES, reportingRouter } from './reporting/routes';
import { organisationSchedulesOnSave } from './reporting/schedules';
import type { PolicyRegistry } from './policy/registry';
import { DIRECTORY_ROUTES, directoryRouter, staffImportRouter } from './directory/routes';
import type { Config } from './platform/config';
import { createHttpApp } from './platform/http/app';
import { CONSOLE_ROUTES, consoleRouter, type ConsoleOptions } from './platform/http/console';
import type { ApiDependencies } from './platform/http/dependencies';
import { createApiServer } from './platform/http/http-server';
import { generateOpenApiDocument, type OpenApiDocument } from './platform/http/openapi';
import type { RouteSpec } from './platform/http/route-spec';
import type { Cleanup } from './platform/runtime/process';
import { payloadKeyring, type EncryptedClient } from './platform/runtime/services';

/**
 * The HTTP API put together: every domain's routes, in one place. The platform's app
 * (src/platform/http/app.ts) mounts them, its OpenAPI generator documents them; both entry points
 * (src/bin/all-in-one.ts, src/bin/api.ts) serve what this file builds.
 */

/** Every route behind a bearer token that is mounted from a route table. */
export function documentedRoutes(): RouteSpec[] {
  return [
    ...Object.values(CASES_ROUTES),
    ...CASE_ACTIONS.map((action) => action.spec),
    CHILD_STATE_ROUTE,
    ...Object.values(NOTES_ROUTES),
    ...Object.values(DOCUMENT_ROUTES),
    ...Object.values(FLAG_ROUTES),
    ...Object.values(ALERTS_ROUTES),
    ...Object.values(AUDIT_ROUTES),
    ...Object.values(PRIVACY_ROUTES),
    ...Object.values(ERASURE_ROUTES),
    ...Object.values(REPORTING_ROUTES),
    ...Object.values(POLICY_ROUTES),
    ...PARTNER_CALLBACKS.map((partnerCallback) => partnerCallback.spec),
    ...Object.values(DIRECTORY_ROUTES),
  ];
}

/** The API's OpenAPI document (every call builds it anew). */
export function buildOpenApiDocument(): OpenApiDocument {
  return generateOpenApiDocument({
    routes: documentedRoutes(),
    described: [ALERT_STREAM_ROUTE, ...CODEC_ROUTES, ...CONSOLE_ROUTES],
  });
}

let built: OpenApiDocument | undefined;

/** The document, built once per process. */
function openApiDocument(): OpenApiDocument {
  built ??= buildOpenApiDocument();
  return built;
}

export interface ApiOptions extends ApiDependencies {
  /** the codec endpoint for the Temporal UI; it authenticates its callers itself */
  codecEndpoint?: CodecEndpointOptions;
  /** new alerts for GET /alerts/stream; unset: one made for this app (close it on shutdown to end open streams) */
  alertFeed?: AlertFeed;
  /** the policy profiles new cases open under (loadPolicyProfiles, src/policy/registry.ts) */
  profiles: PolicyRegistry;
  /** the web console served at / (unset: the API alone) */
  console?: ConsoleOptions;
}

export function createApp(deps: ApiOptions): Express {
  return createHttpApp(deps, {
    document: openApiDocument(),
    selfAuthenticating: [
      ...(deps.codecEndpoint ? [codecRouter(deps, deps.codecEndpoint)] : []),
      ...(deps.console ? [consoleRouter(deps.console, deps.authenticate)] : []),
    ],
    trail: auditTrail(deps, documentedRoutes()), // the access log of case reads and the audit log of actions, for every route
    ownBodyRouters: [documentsRouter(deps), staffImportRouter(deps)],
    routers: [
      casesRouter(deps),
      caseActionsRouter(deps),
      notesRouter(deps),
      flagsRouter(deps),
      auditRouter(deps),
      privacyRouter(deps),
      erasureRouter(deps),
      reportingRouter(deps),
      alertStreamRouter({ ...deps, alertFeed: deps.alertFeed ?? new AlertFeed(deps) }),
      alertsRouter(deps),
      partnerRouter(deps),
      policyRouter(deps),
      directoryRouter({ ...deps, directoryHooks: { organisationSaved: organisationSchedulesOnSave(deps) } }),
    ],
  });
}

/** What an entry point has connected and configured for the API. */
export type ApiServices = Pick<ApiOptions, 'pool' | 'logger' | 'authenticate' | 'profiles' | 'console'> & {
  temporal: EncryptedClient;
  /** the Temporal UI's origins, which may decode histories at /codec; unset: no codec endpoint */
  codecOrigins: CodecEndpointOptions['allowedOrigins'] | undefined;
};

/**
 * The API as the entry points serve it, on a server they make listen. On shutdown (`cleanups`,
 * run last first) its open alert streams end first, so that the server can close.
 */
export function createConfiguredApiServer(config: Config, services: ApiServices, cleanups: Cleanup[]): Server {
  const { temporal, codecOrigins, ...connected } = services;
  const deps = {
    ...connected,
    client: temporal.client,
    historyConverter: temporal.dataConverter,
    recordsKeyring: payloadKeyring(config),
    caseKeys: temporal.caseKeys,
    documentMaxBytes: config.DOCUMENT_MAX_BYTES,
  };
  const alertFeed = new AlertFeed(deps);
  const app = createApp({
    ...deps,
    codecEndpoint: codecOrigins ? { codec: temporal.codec, allowedOrigins: codecOrigins } : undefined,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    readYourWriteTimeoutMs: 5_000,
    caseCallTimeoutMs: 30_000,
    alertFeed,
  });
  const server = createApiServer(app);
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  cleanups.push(() => alertFeed.close());
  return server;
}
