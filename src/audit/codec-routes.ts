import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { Router, type RequestHandler } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { keepItTo, NUL_REFUSAL } from '../platform/text';
import { currentUser, type Principal } from '../platform/auth';
import { requireRole } from '../platform/http/require-role';
import { recordAccess, recordAudit } from '.';
import { payloadBinding } from '../platform/temporal/codec';
import type { ApiDependencies } from '../platform/http/dependencies';
import { BEARER_SECURITY, problemResponse } from '../platform/http/openapi';
import { visibleCaseIds } from '../case/access';
import { HttpProblem } from '../platform/http/problem';
import { parseOrThrow, refuseInvalidUtf8 } from '../platform/http/validate';

/**
 * The codec endpoint the Temporal UI (and `temporal --codec-endpoint`) calls to show decrypted
 * histories: only auditors and DA leads, every use audited. The UI cannot send our bearer token, so
 * a reader signs in once at /codec/sign-in and the token rides in an HttpOnly, SameSite=Strict cookie
 * that only this path receives; the UI gateway (src/platform/runtime/temporal-ui-gateway.ts) tells the UI to send it.
 *
 * Need-to-know: each payload names its case under the key (src/platform/temporal/codec.ts), and is decrypted
 * only if the caller may read that case (src/case/access.ts, as for GET /cases/:caseId). Any
 * other payload (another organisation's case, a case whose perpetrator the caller works with, a
 * payload with no case) comes back exactly as sent, so the UI shows ciphertext for it and the rest
 * of the page still decodes. Each case decrypted for is written to the access log first.
 */
export interface CodecEndpointOptions {
  codec: PayloadCodec;
  /** browser origins allowed to call the endpoint: the Temporal UI's */
  allowedOrigins: string[];
}

const COOKIE = 'da_codec_session';
/** What the access log says was read through this endpoint. */
const CODEC_ACCESS_RESOURCE = 'case.history.codec';
export const CODEC_READERS = requireRole('auditor', 'da_lead');

const base64 = z.base64('expected base64');
export const payloadsSchema = z.strictObject({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).default({}), data: base64.default('') }).loose())
    .max(1_000),
});
export const signInSchema = z.strictObject({
  token: z
    .string()
    // eslint-disable-next-line no-control-regex -- a NUL is refused for every body; the schema says so
    .regex(/^[^\u0000]*$/, NUL_REFUSAL)
    .trim()
    .min(20, 'paste a bearer token')
    .max(16_384, keepItTo(16_384)),
});

/** The codec endpoint in the API's documentation (it is mounted by hand, not from a route table). */
export const CODEC_ROUTES: RouteConfig[] = [
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
    security: BEARER_SECURITY,
    request: { body: { required: true, content: { 'application/json': { schema: payloadsSchema } } } },
    responses: {
      200: {
        description: 'the payloads, in order: decoded where the caller may read their case, otherwise as sent',
        content: { 'application/json': { schema: payloadsSchema } },
      },
      400: problemResponse(400),
      401: problemResponse(401),
      403: problemResponse(403),
      413: problemResponse(413),
      503: problemResponse(503),
    },
  },
];

const fromBase64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));
const toBase64 = (value: Uint8Array | null | undefined) => Buffer.from(value ?? new Uint8Array()).toString('base64');

function cors(allowedOrigins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && allowedOrigins.includes(origin)) {
      res.set({
        'access-control-allow-origin': origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-headers': 'authorization, content-type, x-namespace',
        'access-control-allow-methods': 'POST, OPTIONS',
        vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') return void res.sendStatus(204);
    next();
  };
}

/** The session cookie stands in for the Authorization header on this path only. */
const cookieAsBearer: RequestHandler = (req, _res, next) => {
  const session = req
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
  if (!req.headers.authorization && session) req.headers.authorization = `Bearer ${decodeURIComponent(session)}`;
  next();
};

/** Shown back to the reader, so only a plain host name: the cookie is bound to it. */
const hostName = (req: express.Request) => (/^[a-z0-9.:[\]-]{1,255}$/i.test(req.hostname) ? req.hostname : 'this host');

/** One access-log entry per case decrypted for; then the request in the audit log, with how many payloads were withheld. */
async function logDecoding(
  pool: Pool,
  principal: Principal,
  outcome: { cases: string[]; payloads: number; withheld: number },
): Promise<void> {
  const actor = {
    actorStaffId: principal.staffId,
    actorRole: principal.role,
    organisationId: principal.organisationId,
  };
  for (const caseId of outcome.cases) await recordAccess(pool, { ...actor, caseId, resource: CODEC_ACCESS_RESOURCE });
  await recordAudit(pool, {
    ...actor,
    action: 'history.decoded',
    outcome: outcome.cases.length === 0 && outcome.withheld > 0 ? 'refused' : 'accepted',
    detail: { payloads: outcome.payloads, cases: outcome.cases.length, withheld: outcome.withheld },
  });
}

export function codecRouter(deps: ApiDependencies, options: CodecEndpointOptions): Router {
  const router = Router();
  router.use('/codec', cors(options.allowedOrigins));

  /** Need-to-know cannot be decided, or its decisions logged, without the database: then nothing is decrypted. */
  async function orUnavailable<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      deps.logger.error(
        { err: error, route: '/codec/decode' },
        'the case records or the access log could not be reached; nothing is decrypted',
      );
      throw new HttpProblem({
        type: 'log-unavailable',
        detail: 'the case records or the access log could not be reached, so nothing was decrypted; try again shortly',
      });
    }
  }

  router.get('/codec/sign-in', (req, res) => {
    res.type('html').send(`<!doctype html><title>Codec sign-in</title>
<h1>Read decrypted histories</h1>
<p>Auditors and DA leads: paste a bearer token to let the Temporal UI on this machine decode, for one hour, the histories of the cases you may read.
Then reload the Temporal UI, opened on this same host name (${hostName(req)}), so the browser sends the sign-in with its requests.</p>
<form method="post"><input name="token" type="password" size="60" autocomplete="off"> <button>Sign in</button></form>`);
  });

  router.post('/codec/sign-in', express.urlencoded({ extended: false, limit: '8kb' }), (req, res, next) => {
    const { token } = parseOrThrow(signInSchema, req.body ?? {}, 'body');
    req.headers.authorization = `Bearer ${token}`;
    deps.authenticate(req, res, (error?: unknown) => {
      if (error) return next(error);
      CODEC_READERS(req, res, (refused?: unknown) => {
        if (refused) return next(refused);
        // Secure whenever the request came over https (behind a proxy: with express's trust proxy set).
        res.cookie(COOKIE, token, {
          httpOnly: true,
          secure: req.secure,
          sameSite: 'strict',
          path: '/codec',
          maxAge: 3_600_000,
        });
        res
          .type('html')
          .send(
            '<!doctype html><title>Signed in</title><p>Signed in for one hour. Reload the Temporal UI to see decrypted histories.</p>',
          );
      });
    });
  });

  router.post(
    '/codec/decode',
    cookieAsBearer,
    deps.authenticate,
    CODEC_READERS,
    express.json({ limit: '4mb', verify: refuseInvalidUtf8 }),
    async (req, res) => {
      const { payloads } = parseOrThrow(payloadsSchema, req.body, 'body');
      const received: Payload[] = payloads.map((payload) => ({
        metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, fromBase64(value)])),
        data: fromBase64(payload.data),
      }));
      const principal = currentUser(req);
      const bindings = received.map(payloadBinding);
      const claimed = [...new Set(bindings.flatMap((binding) => (binding.kind === 'case' ? [binding.caseId] : [])))];
      const readable = await orUnavailable(() => visibleCaseIds(deps.pool, principal, claimed));

      const answered: Payload[] = [];
      const decodedFor = new Set<string>();
      let withheld = 0;
      const refusals: { field: string; message: string }[] = [];
      for (const [index, payload] of received.entries()) {
        const binding = bindings[index]!;
        if (binding.kind === 'plain') {
          answered.push(payload); // nothing to decrypt
          continue;
        }
        if (binding.kind !== 'case' || !readable.has(binding.caseId)) {
          withheld += 1;
          answered.push(payload); // not the caller's to read: as sent
          continue;
        }
        try {
          // Decrypting authenticates the case label the access decision was made on.
          answered.push((await options.codec.decode([payload]))[0]!);
          decodedFor.add(binding.caseId);
        } catch (error) {
          refusals.push({ field: `body.payloads.${index}`, message: (error as Error).message });
        }
      }
      if (refusals.length > 0)
        throw new HttpProblem({
          type: 'invalid-request',
          detail: 'some payloads could not be decrypted',
          errors: refusals,
        });

      await orUnavailable(() =>
        logDecoding(deps.pool, principal, { cases: [...decodedFor], payloads: received.length, withheld }),
      );
      res.json({
        payloads: answered.map((payload) => ({
          metadata: Object.fromEntries(
            Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, toBase64(value)]),
          ),
          data: toBase64(payload.data),
        })),
      });
    },
  );
  return router;
}
