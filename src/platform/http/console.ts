import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler } from 'express';
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { issueDevToken } from '../auth/dev-token';
import { roleSchema } from '../auth/roles';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { currentUser } from '../auth';
import { BEARER_SECURITY, problemResponse } from './openapi';
import { sendProblem } from './problem';
import { parseOrThrow } from './validate';

/** Where `npm run build:console` (vite) writes the web console. */
export const CONSOLE_DIR = path.join(projectRoot, 'dist', 'console');

/**
 * The console's pages run only the scripts and styles it ships, talk only to this origin, and
 * cannot be framed: a strict policy, as no page holds an inline script or style.
 */
export function consoleContentSecurityPolicy(identityProvider?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    // The identity provider's discovery and token endpoints are fetched by the page (PKCE).
    `connect-src 'self'${identityProvider ? ` ${new URL(identityProvider).origin}` : ''}`,
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Paths the API (or Swagger UI, the codec sign-in, the operators' probes) answers even for a browser. */
const NOT_CONSOLE = /^\/(docs|openapi\.json|problems|codec|healthz|readyz|metrics|console\/)/;

/** How a development token is asked for: who the developer signs in as. */
const devSessionRequestSchema = z
  .object({
    // A partner system's token needs its partner id: those come from `npm run token`, not the console.
    role: roleSchema.exclude(['partner']),
    staffId: z.string().trim().min(1).max(100),
    organisationId: z.string().trim().min(1).max(100),
    teamId: z.string().trim().min(1).max(100).optional(),
  })
  .strict();

/** How long a development sign-in lasts at most; the console also ends it after 15 minutes idle. */
const DEV_SESSION_LIFETIME = '8h';

const consoleConfigSchema = z.object({
  signIn: z
    .enum(['development', 'identity-provider'])
    .describe(
      'development: POST /console/dev-session signs in; identity-provider: tokens come from the organisation’s',
    ),
  oidc: z
    .object({ authority: z.string(), clientId: z.string(), scope: z.string() })
    .optional()
    .describe(
      'where the console signs in (authorization code with PKCE); absent: no sign-in through the identity provider',
    ),
});

/** Who the API takes the caller to be, from their token. */
const principalSchema = z.object({
  staffId: z.string(),
  role: roleSchema,
  organisationId: z.string(),
  teamId: z.string().optional(),
  partnerId: z.string().optional(),
});

/** The console's own routes in the API's documentation (mounted by hand, before the token check). */
export const CONSOLE_ROUTES: RouteConfig[] = [
  {
    method: 'get',
    path: '/console/config',
    operationId: 'consoleConfig',
    tags: ['Console'],
    summary: 'How the web console signs staff in',
    security: [],
    responses: {
      200: {
        description: 'the sign-in the console offers',
        content: { 'application/json': { schema: consoleConfigSchema } },
      },
    },
  },
  {
    method: 'get',
    path: '/console/me',
    operationId: 'consoleMe',
    tags: ['Console'],
    summary: 'Who the bearer token signs in: the console shows the pages of that role',
    security: BEARER_SECURITY,
    responses: {
      200: { description: 'the principal', content: { 'application/json': { schema: principalSchema } } },
      401: problemResponse(401),
      403: problemResponse(403),
    },
  },
  {
    method: 'post',
    path: '/console/dev-session',
    operationId: 'consoleDevSession',
    tags: ['Console'],
    summary: 'A development token for the console (only when `npm start` runs on development keys)',
    description: `Signs a token as the local development key does (\`npm run token\`), valid ${DEV_SESSION_LIFETIME}; the console keeps it in memory only and ends the session after 15 minutes idle.`,
    security: [],
    request: { body: { required: true, content: { 'application/json': { schema: devSessionRequestSchema } } } },
    responses: {
      200: { description: 'the token', content: { 'application/json': { schema: z.object({ token: z.string() }) } } },
      400: problemResponse(400),
      403: problemResponse(403),
      404: problemResponse(404),
    },
  },
];

export interface DevSignIn {
  keyFile: string;
  issuer: string;
  audience: string;
}

/**
 * The console as an entry point serves it: the built bundle; its sign-in at the identity provider
 * when CONSOLE_OIDC_CLIENT_ID is set; the development sign-in only where development tokens are
 * trusted anyway (`npm start` without AUTH_JWKS_URL).
 */
export function consoleOptionsFromConfig(config: Config, { devKeys }: { devKeys: boolean }): ConsoleOptions {
  return {
    dir: CONSOLE_DIR,
    devSignIn:
      devKeys && !config.AUTH_JWKS_URL
        ? { keyFile: config.AUTH_DEV_KEY_FILE, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE }
        : undefined,
    oidc: config.CONSOLE_OIDC_CLIENT_ID
      ? { authority: config.AUTH_ISSUER, clientId: config.CONSOLE_OIDC_CLIENT_ID, scope: config.CONSOLE_OIDC_SCOPE }
      : undefined,
  };
}

/**
 * Development tokens are handed out only to a page this machine serves itself: a request for
 * another host name (a page that rebound its DNS to 127.0.0.1) or from another origin is refused.
 */
const refuseUnlessLoopback: RequestHandler = (req, res, next) => {
  const host = req.headers.host ?? '';
  const origin = req.headers.origin;
  const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/;
  if (!loopback.test(host) || (origin !== undefined && origin !== `http://${host}`))
    return sendProblem(res, {
      type: 'forbidden',
      detail: 'development sign-in is answered only to the console on this machine (a loopback address)',
    });
  next();
};

export interface ConsoleOidc {
  /** the issuer's URL (AUTH_ISSUER) */
  authority: string;
  clientId: string;
  scope: string;
}

export interface ConsoleOptions {
  /** the built console; absent: the API alone, as before the console (GET / leads a browser to /docs/) */
  dir?: string;
  /** `npm start` on development keys: the console's sign-in picks a role, organisation and team */
  devSignIn?: DevSignIn;
  /** production: the console signs staff in at the identity provider */
  oidc?: ConsoleOidc;
}

/**
 * The web console, same origin as the API: its assets, its pages (a browser's navigation to a
 * console path gets the page; the same path asked for JSON reaches the API), how it signs in.
 * Mounted before the bearer-token check: nothing here carries case data.
 */
export function consoleRouter({ dir, devSignIn, oidc }: ConsoleOptions, authenticate: RequestHandler): Router {
  const router = Router();
  const policy = consoleContentSecurityPolicy(oidc?.authority);
  const setSecurityHeaders: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  };
  router.get('/console/config', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ signIn: devSignIn ? 'development' : 'identity-provider', ...(oidc ? { oidc } : {}) });
  });
  router.get('/console/me', authenticate, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const { staffId, role, organisationId, teamId, partnerId } = currentUser(req);
    res.json({ staffId, role, organisationId, teamId, partnerId });
  });
  if (devSignIn) {
    router.post(
      '/console/dev-session',
      refuseUnlessLoopback,
      express.json({ limit: '4kb', strict: true }),
      (req, res, next) => {
        const request = parseOrThrow(devSessionRequestSchema, req.body ?? {}, 'body');
        issueDevToken({ ...devSignIn, ...request, expiresIn: DEV_SESSION_LIFETIME })
          .then((token) => {
            res.setHeader('Cache-Control', 'no-store');
            res.json({ token });
          })
          .catch(next);
      },
    );
  } else {
    router.post('/console/dev-session', (_req, res) =>
      sendProblem(res, {
        type: 'not-found',
        detail: 'development sign-in exists only when `npm start` runs on development keys',
      }),
    );
  }
  const indexFile = dir === undefined ? undefined : path.join(dir, 'index.html');
  if (indexFile === undefined || !fs.existsSync(indexFile)) return router;

  router.use(
    '/assets',
    setSecurityHeaders,
    express.static(path.join(dir!, 'assets'), { immutable: true, maxAge: '1y' }),
  );
  router.get('/favicon.svg', setSecurityHeaders, (_req, res) => res.sendFile(path.join(dir!, 'favicon.svg')));
  // A browser's navigation (it prefers HTML) to any console path gets the page; the page routes itself.
  const page: RequestHandler = (req, res, next) => {
    if (NOT_CONSOLE.test(req.path) || req.accepts(['json', 'html']) !== 'html') return next();
    setSecurityHeaders(req, res, () => {
      res.setHeader('Cache-Control', 'no-store');
      res.sendFile(indexFile, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    });
  };
  router.get(/.*/, page);
  return router;
}
