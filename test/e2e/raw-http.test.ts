import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Principal } from '../../src/platform/auth';
import { freeLoopbackPort } from '../../src/platform/runtime/ports';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';

const officer: Principal = {
  staffId: 'officer-ada',
  role: 'caseworker',
  organisationId: 'stonewater',
  teamId: 'team-north',
};

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` as it is on a fresh connection and reads the answer until the server closes it. */
function rawRequest(baseUrl: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split(/\r\n\r\n(.*)/s);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

/** Hostile input to the real server: bytes that are not Unicode, and requests Node itself refuses before the app sees them. */
describe('hostile HTTP input, byte by byte', () => {
  let db: TestDatabase;
  let connection: Connection;
  let api: RunningApi;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Never called: these requests do not get as far as a workflow.
    connection = Connection.lazy({ address: `127.0.0.1:${await freeLoopbackPort()}` });
    api = await startApi({ pool: db.pool, client: new Client({ connection }), taskQueue: 'unused' });
  });

  afterAll(async () => {
    await api?.close();
    await connection?.close();
    await db?.drop();
  });

  describe('a JSON body that is not Unicode text', () => {
    const postCase = async (body: Buffer | string): Promise<{ status: number; body: any }> => {
      const response = await fetch(`${api.baseUrl}/cases`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await api.tokenFor(officer)}`,
          'content-type': 'application/json',
          'idempotency-key': 'not-unicode-0001',
        },
        body,
      });
      return { status: response.status, body: await response.json() };
    };
    /** A disclosure-shaped body whose team id is given as raw bytes, to be spliced in. */
    const withTeamBytes = (bytes: number[]) =>
      Buffer.concat([
        Buffer.from('{"organisationId":"stonewater","teamId":"team-'),
        Buffer.from(bytes),
        Buffer.from('"}'),
      ]);

    it('is refused with 400 when its bytes are not UTF-8: a stray byte, an overlong form, an encoded surrogate', async () => {
      for (const bytes of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
        const refused = await postCase(withTeamBytes(bytes));
        expect(refused).toMatchObject({
          status: 400,
          body: { type: '/problems/malformed-json', detail: 'the body is not valid UTF-8' },
        });
      }
    });

    it('is refused with 400 naming the field when a JSON escape leaves a lone surrogate', async () => {
      const refused = await postCase('{"organisationId":"stonewater","teamId":"team-\\uD800"}');
      expect(refused).toMatchObject({
        status: 400,
        body: {
          type: '/problems/invalid-request',
          errors: [{ field: 'body.teamId', message: expect.stringMatching(/lone surrogate/) }],
        },
      });
      const paired = await postCase('{"organisationId":"stonewater","teamId":"team-\\uD83D\\uDE00"}');
      expect(paired.body.errors ?? []).not.toContainEqual(expect.objectContaining({ field: 'body.teamId' }));
    });
  });

  const expectProblem = (answer: RawAnswer, status: number, type: string) => {
    expect({ status: answer.status, contentType: answer.headers['content-type'] }).toEqual({
      status,
      contentType: 'application/problem+json',
    });
    expect(JSON.parse(answer.body)).toMatchObject({ type: `/problems/${type}`, status });
  };

  it('answers a NUL character in a header with a 400 problem', async () => {
    const answer = await rawRequest(
      api.baseUrl,
      'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Note: a\u0000b\r\n\r\n',
    );
    expectProblem(answer, 400, 'invalid-request');
  });

  it('answers a 40 kB path with a 431 problem', async () => {
    const answer = await rawRequest(api.baseUrl, `GET /${'a'.repeat(40_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expectProblem(answer, 431, 'headers-too-large');
  });

  it('answers a body shorter than its Content-Length with a 408 problem within the request timeout, freeing the connection', async () => {
    const token = await api.tokenFor(officer);
    const startedAt = Date.now();
    const answer = await rawRequest(
      api.baseUrl,
      `POST /cases HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nIdempotency-Key: raw-short-body-0001\r\nContent-Length: 100\r\n\r\n{"organisationId":`,
    );
    expectProblem(answer, 408, 'request-timeout');
    // Node's defaults held it for 300 s (checked every 30 s); the server's own bound is 15 s.
    expect(Date.now() - startedAt).toBeLessThan(25_000);
  }, 60_000);
  describe('a documented path asked with a method it does not have', () => {
    it('answers 405 with the methods it has in Allow, as problem+json, before any token is asked for', async () => {
      for (const [method, path, allow] of [
        ['TRACE', '/docs', 'GET, HEAD'],
        ['TRACE', '/', 'GET, HEAD'],
        ['DELETE', '/cases', 'GET, POST, HEAD'],
        ['PUT', '/cases/00000000-0000-4000-8000-000000000000/state', 'GET, HEAD'],
        ['GET', '/cases/00000000-0000-4000-8000-000000000000/contact-attempts', 'POST'],
      ] as const) {
        const answer = await rawRequest(
          api.baseUrl,
          `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
        );
        expect({
          method,
          path,
          status: answer.status,
          allow: answer.headers.allow,
          type: answer.headers['content-type'],
        }).toEqual({
          method,
          path,
          status: 405,
          allow,
          type: expect.stringContaining('application/problem+json'),
        });
        expect(JSON.parse(answer.body.slice(answer.body.indexOf('{'), answer.body.lastIndexOf('}') + 1))).toMatchObject(
          { type: '/problems/method-not-allowed' },
        );
      }
    });

    // a CORS preflight is left to its route: test/e2e/codec-endpoint.test.ts checks the codec's own answer
    it('answers OPTIONS with exactly the methods the document gives the path', async () => {
      for (const [path, allow] of [
        ['/cases', 'GET, POST, HEAD'],
        ['/cases/00000000-0000-4000-8000-000000000000/closure', 'POST'],
        ['/areas/area-north', 'GET, PUT, HEAD'],
      ] as const) {
        const answer = await fetch(`${api.baseUrl}${path}`, { method: 'OPTIONS' });
        expect({ path, status: answer.status, allow: answer.headers.get('allow') }).toEqual({
          path,
          status: 204,
          allow,
        });
      }
    });

    it('leaves the methods a path has, and paths the document does not name, to their routes', async () => {
      expect((await fetch(`${api.baseUrl}/cases`)).status).toBe(401);
      expect((await fetch(`${api.baseUrl}/no-such-route`, { method: 'DELETE' })).status).toBe(401);
      expect((await fetch(`${api.baseUrl}/healthz`, { method: 'HEAD' })).status).toBe(200);
    });
  });
});
