import type { PayloadCodec } from '@temporalio/common';
import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { currentUser, requireRole } from '../auth';
import { recordAudit } from '../audit';
import type { ApiDependencies } from './app';
import { parseOrThrow } from './validate';

/**
 * The codec endpoint the Temporal UI (and `temporal --codec-endpoint`) calls to show decrypted
 * histories: only auditors and DA leads, every use audited. The UI cannot send our bearer token, so
 * a reader signs in once at /codec/sign-in and the token rides in an HttpOnly, SameSite=Strict cookie
 * that only this path receives; the UI gateway (src/runtime/temporal-ui-gateway.ts) tells the UI to send it.
 */
export interface CodecEndpointOptions {
  codec: PayloadCodec;
  /** browser origins allowed to call the endpoint: the Temporal UI's */
  allowedOrigins: string[];
}

const COOKIE = 'da_codec_session';
export const CODEC_READERS = requireRole('auditor', 'da_lead');

const base64 = z.base64('expected base64');
export const payloadsSchema = z.strictObject({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), base64).default({}), data: base64.default('') }).loose())
    .max(1_000),
});
export const signInSchema = z.strictObject({ token: z.string().trim().min(20, 'paste a bearer token') });

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
  const session = req.get('cookie')?.split(';').map((part) => part.trim().split('=')).find(([name]) => name === COOKIE)?.[1];
  if (!req.headers.authorization && session) req.headers.authorization = `Bearer ${decodeURIComponent(session)}`;
  next();
};

/** Shown back to the reader, so only a plain host name: the cookie is bound to it. */
const hostName = (req: express.Request) => (/^[a-z0-9.:[\]-]{1,255}$/i.test(req.hostname) ? req.hostname : 'this host');

export function codecRouter(deps: ApiDependencies, options: CodecEndpointOptions): Router {
  const router = Router();
  router.use('/codec', cors(options.allowedOrigins));

  router.get('/codec/sign-in', (req, res) => {
    res.type('html').send(`<!doctype html><title>Codec sign-in</title>
<h1>Read decrypted histories</h1>
<p>Auditors and DA leads: paste a bearer token to let the Temporal UI on this machine decode case histories for one hour.
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
        res.cookie(COOKIE, token, { httpOnly: true, secure: req.secure, sameSite: 'strict', path: '/codec', maxAge: 3_600_000 });
        res.type('html').send('<!doctype html><title>Signed in</title><p>Signed in for one hour. Reload the Temporal UI to see decrypted histories.</p>');
      });
    });
  });

  router.post('/codec/decode', cookieAsBearer, deps.authenticate, CODEC_READERS, express.json({ limit: '4mb' }), async (req, res) => {
    const { payloads } = parseOrThrow(payloadsSchema, req.body, 'body');
    const decoded = await options.codec.decode(
      payloads.map((payload) => ({
        metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, fromBase64(value)])),
        data: fromBase64(payload.data),
      })),
    );
    const principal = currentUser(req);
    await recordAudit(deps.pool, {
      actorStaffId: principal.staffId,
      actorRole: principal.role,
      organisationId: principal.organisationId,
      action: 'history.decoded',
      outcome: 'accepted',
      detail: { payloads: payloads.length },
    });
    res.json({
      payloads: decoded.map((payload) => ({
        metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, toBase64(value)])),
        data: toBase64(payload.data),
      })),
    });
  });
  return router;
}
