import http from 'node:http';
import { listenOn } from './ports';

/**
 * The embedded Temporal UI, served through a small gateway that answers the UI's own settings
 * request with the codec settings `temporal server start-dev` cannot set: send credentials (the
 * sign-in cookie), a codec endpoint on the host the browser used (so the cookie is same-site), and
 * a "could not connect" message and link that lead to the sign-in. Everything else passes through.
 */
export interface UiCodecSettings {
  Endpoint: string;
  PassAccessToken: false;
  IncludeCredentials: true;
  DefaultErrorMessage: string;
  DefaultErrorLink: string;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const SETTINGS_PATH = '/api/v1/settings';
const MAX_SETTINGS_BYTES = 1_000_000;

/**
 * Cookies are per host, not per port: the codec endpoint must be on the host name the browser
 * typed for the UI. Only loopback names are trusted from the Host header; anything else gets the
 * API's configured host.
 */
export function uiCodecSettings(hostHeader: string | undefined, api: { host: string; port: number }): UiCodecSettings {
  const typed = hostHeader?.replace(/:\d{1,5}$/, '').toLowerCase();
  const host = typed && LOOPBACK_NAMES.has(typed) ? typed : api.host;
  const apiBase = `http://${host}:${api.port}`;
  return {
    Endpoint: `${apiBase}/codec`,
    PassAccessToken: false,
    IncludeCredentials: true,
    DefaultErrorMessage: `Codec Server could not connect: auditors and DA leads sign in at ${apiBase}/codec/sign-in, then reload`,
    DefaultErrorLink: `${apiBase}/codec/sign-in`,
  };
}

export interface TemporalUiGateway {
  url: string;
  stop(): Promise<void>;
}

export async function startTemporalUiGateway(options: {
  host: string;
  port: number;
  /** the dev server's own UI, on loopback */
  upstreamPort: number;
  api: { host: string; port: number };
}): Promise<TemporalUiGateway> {
  const server = http.createServer((req, res) => {
    const isSettings = req.method === 'GET' && (req.url ?? '').split('?')[0] === SETTINGS_PATH;
    const headers = { ...req.headers };
    if (isSettings) delete headers['accept-encoding']; // a plain body we can rewrite
    const upstream = http.request(
      { host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers, timeout: 30_000 },
      (answer) => {
        if (!isSettings || answer.statusCode !== 200) {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_SETTINGS_BYTES) return void answer.destroy(new Error('settings too large'));
          chunks.push(chunk);
        });
        answer.on('error', () => fail(res));
        answer.on('end', () => {
          try {
            const settings = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            const body = JSON.stringify({ ...settings, Codec: uiCodecSettings(req.headers.host, options.api) });
            const { 'content-length': _length, 'transfer-encoding': _encoding, ...rest } = answer.headers;
            res.writeHead(200, { ...rest, 'content-length': Buffer.byteLength(body) });
            res.end(body);
          } catch {
            fail(res);
          }
        });
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => fail(res));
    req.pipe(upstream);
  });
  await listenOn(server, options.host, options.port, 'TEMPORAL_UI_PORT');
  return {
    url: `http://${options.host}:${options.port}`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function fail(res: http.ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(502, { 'content-type': 'text/plain' }).end('Temporal UI unavailable');
}
