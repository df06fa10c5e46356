import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport } from 'nodemailer';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import {
  type AlertMessage,
  DeliveryFailedError,
  DeliveryRejectedError,
  sendAlertEmail,
  sendAlertWebhook,
  signWebhookBody,
  verifyWebhookSignature,
} from '../../src/alerts/channels';

const alert: AlertMessage = {
  alertId: '7d2f1c9e-4b3a-4e8f-9a61-0c5d2e7b8f10',
  caseId: '3f2c9a1b-8e7d-4c6b-a5f4-e3d2c1b0a987',
  kind: 'escalation',
  task: 'initialContact',
  rung: 'da_lead',
  recipientRole: 'da_lead',
  recipientTitle: 'Domestic Abuse Lead',
  dueAt: '2025-03-04T17:00:00.000Z',
  raisedAt: '2025-03-04T17:00:05.000Z',
  caseUrl: 'https://cases.example.org/cases/3f2c9a1b-8e7d-4c6b-a5f4-e3d2c1b0a987',
};

/** Obviously fictional personal data a careless caller might leave on the object. */
const personalFields = {
  survivorName: 'Zelda Testperson-Fictional',
  address: '1 Nowhere Lane, Testtown ZZ99 9ZZ',
  phone: '07700 900123',
  safeWord: 'PINEAPPLE-TEST-WORD',
};
const alertCarryingPersonalData: AlertMessage = Object.assign({}, alert, personalFields);

function expectNoPersonalData(text: string): void {
  for (const value of Object.values(personalFields)) expect(text).not.toContain(value);
  for (const key of Object.keys(personalFields)) expect(text).not.toContain(key);
}

// ---------------------------------------------------------------- SMTP receiver

interface ReceivedMail {
  from: string;
  rcptTo: string[];
  raw: string;
  headers: Map<string, string>;
  body: string;
}

const REFUSED = 'refused@example.org';
const DEFERRED = 'deferred@example.org';

function refuseSome(address: SMTPServerAddress, callback: (err?: Error | null) => void): void {
  const replies: Record<string, [string, number]> = {
    [REFUSED]: ['mailbox unavailable', 550],
    [DEFERRED]: ['try again later', 451],
  };
  const reply = replies[address.address];
  callback(reply ? Object.assign(new Error(reply[0]), { responseCode: reply[1] }) : null);
}

function startSmtpReceiver(received: ReceivedMail[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onRcptTo: (address, _session, callback) => refuseSome(address, callback),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const envelopeFrom = session.envelope.mailFrom;
        received.push({
          from: envelopeFrom ? envelopeFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
          ...parseMail(raw),
        });
        callback();
      });
    },
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Just enough RFC 5322/2047 parsing for the messages nodemailer writes. */
function parseMail(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headerLines = raw
    .slice(0, split)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n');
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), decodeEncodedWords(line.slice(colon + 1).trim()));
  }
  return { headers, body: decodeBody(raw.slice(split + 4), headers.get('content-transfer-encoding')) };
}

function decodeEncodedWords(value: string): string {
  const word = /=\?utf-8\?([QB])\?([^?]*)\?=/gi;
  return value.replace(/(?:=\?utf-8\?[QB]\?[^?]*\?=(?:\s+(?==\?))?)+/gi, (run) => {
    const parts = [...run.matchAll(word)].map(([, encoding, text]) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' ')),
    );
    return Buffer.concat(parts).toString('utf8');
  });
}

function decodeBody(body: string, transferEncoding = '7bit'): string {
  if (transferEncoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (transferEncoding === 'quoted-printable') {
    return quotedPrintableBytes(body.replace(/=\r\n/g, '')).toString('utf8').replace(/\r\n/g, '\n');
  }
  return body.replace(/\r\n/g, '\n');
}

function quotedPrintableBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

// ---------------------------------------------------------------- HTTP receiver

interface ReceivedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** Path → status; '/hang' never answers, '/redirect' points at '/ok'. */
function startWebhookReceiver(received: ReceivedRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      received.push({ url, headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      if (url === '/hang') return;
      if (url === '/redirect') {
        res.writeHead(307, { Location: '/ok' }).end();
        return;
      }
      const status = Number(url.slice(1)) || 202;
      res.writeHead(status, { 'Content-Type': 'text/plain' }).end('receiver says hello');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bind, note it, release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------- tests

const received: ReceivedMail[] = [];
const requests: ReceivedRequest[] = [];
let smtpServer: SMTPServer;
let smtpPort: number;
let webhookServer: Server;
let webhookBase: string;
const secret = 'test-webhook-secret-not-real';

beforeAll(async () => {
  smtpServer = await startSmtpReceiver(received);
  smtpPort = portOf(smtpServer.server as Server);
  webhookServer = await startWebhookReceiver(requests);
  webhookBase = `http://127.0.0.1:${portOf(webhookServer)}`;
});

afterAll(async () => {
  webhookServer.closeAllConnections();
  await new Promise((resolve) => webhookServer.close(resolve));
  await new Promise<void>((resolve) => smtpServer.close(resolve));
});

beforeEach(() => {
  received.length = 0;
  requests.length = 0;
});

describe('sendAlertEmail', () => {
  const smtpConfig = () => ({ host: '127.0.0.1', port: smtpPort, secure: false });
  const to = ['line.manager@example.org', 'da.lead@example.org'];
  const from = 'alerts@example.org';

  it('delivers a plain-text alert with idempotent Message-ID, subject and details', async () => {
    const result = await sendAlertEmail(smtpConfig(), alert, to, from);

    expect(result).toEqual({ messageId: `<alert-${alert.alertId}@da-case-orchestrator>`, rejected: [] });
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.from).toBe(from);
    expect(mail.rcptTo).toEqual(to);
    expect(mail.headers.get('message-id')).toBe(`<alert-${alert.alertId}@da-case-orchestrator>`);
    expect(mail.headers.get('x-alert-id')).toBe(alert.alertId);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('subject')).toBe('[DA case] Escalation: initial contact overdue — case 3f2c9a1b…');
    expect(mail.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(mail.body).toContain('Task: initial contact (initialContact)');
    expect(mail.body).toContain('Due: Tuesday, 4 March 2025 at 17:00 UK time (2025-03-04T17:00:00.000Z)');
    expect(mail.body).toContain('Escalation rung: da_lead');
    expect(mail.body).toContain('For: Domestic Abuse Lead (da_lead)');
    expect(mail.body).toContain(`Case: ${alert.caseId}`);
    expect(mail.body).toContain(`Open the case: ${alert.caseUrl}`);
  });

  it('uses a supplied transporter, and a repeated delivery carries the same Message-ID', async () => {
    const transporter = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    try {
      await sendAlertEmail(transporter, alert, ['da.lead@example.org'], from);
      await sendAlertEmail(transporter, alert, ['da.lead@example.org'], from);
    } finally {
      transporter.close();
    }
    expect(received.map((mail) => mail.headers.get('message-id'))).toEqual([
      `<alert-${alert.alertId}@da-case-orchestrator>`,
      `<alert-${alert.alertId}@da-case-orchestrator>`,
    ]);
  });

  it('builds the message only from alert fields, even when the object carries personal data', async () => {
    await sendAlertEmail(smtpConfig(), alertCarryingPersonalData, to, from);

    expect(received).toHaveLength(1);
    expectNoPersonalData(received[0].raw);
    expectNoPersonalData(received[0].body);
    expectNoPersonalData(received[0].headers.get('subject') ?? '');
  });

  it('leaves out the optional lines an alert does not have', async () => {
    const reminder: AlertMessage = {
      ...alert,
      kind: 'reminder',
      rung: undefined,
      dueAt: undefined,
      caseUrl: undefined,
    };
    await sendAlertEmail(smtpConfig(), reminder, to, from);

    const [mail] = received;
    expect(mail.headers.get('subject')).toBe('[DA case] Reminder: initial contact due soon — case 3f2c9a1b…');
    expect(mail.body).not.toMatch(/^(Due|Escalation rung|Open the case):/m);
  });

  it('reports recipients the server refused while delivering to the others', async () => {
    const result = await sendAlertEmail(smtpConfig(), alert, ['da.lead@example.org', REFUSED], from);

    expect(result.rejected).toEqual([REFUSED]);
    expect(received[0].rcptTo).toEqual(['da.lead@example.org']);
  });

  it('flags a permanent refusal of every recipient as not retryable', async () => {
    const failure = sendAlertEmail(smtpConfig(), alert, [REFUSED], from);

    await expect(failure).rejects.toBeInstanceOf(DeliveryRejectedError);
    await expect(failure).rejects.toMatchObject({ retryable: false, status: 550 });
  });

  it('leaves a temporary refusal retryable', async () => {
    const error = await sendAlertEmail(smtpConfig(), alert, [DEFERRED], from).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error).not.toBeInstanceOf(DeliveryRejectedError);
    expect(error).toMatchObject({ retryable: true, status: 451 });
  });

  it('leaves an unreachable mail server retryable', async () => {
    const config = { host: '127.0.0.1', port: await closedPort(), secure: false };
    const error = await sendAlertEmail(config, alert, to, from).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error).toMatchObject({ retryable: true });
  });

  it('rejects an alert with no recipients or a malformed alertId before connecting', async () => {
    await expect(sendAlertEmail(smtpConfig(), alert, [], from)).rejects.toBeInstanceOf(DeliveryRejectedError);
    const malformed = { ...alert, alertId: 'x>\r\nBcc: someone@example.org' };
    await expect(sendAlertEmail(smtpConfig(), malformed, to, from)).rejects.toBeInstanceOf(DeliveryRejectedError);
    expect(received).toHaveLength(0);
  });
});

describe('sendAlertWebhook', () => {
  const config = (path: string, timeoutMs?: number) => ({ url: `${webhookBase}${path}`, secret, timeoutMs });

  it('POSTs the signed alert as JSON with idempotency headers', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await sendAlertWebhook(config('/202'), alert);

    expect(result).toEqual({ status: 202 });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-alert-id']).toBe(alert.alertId);
    expect(request.headers['idempotency-key']).toBe(alert.alertId);
    expect(Number(request.headers['x-signature-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(request.headers['x-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature(
        secret,
        request.headers['x-signature-timestamp'],
        request.headers['x-signature'],
        request.rawBody,
      ),
    ).toBe(true);
    expect(JSON.parse(request.rawBody)).toEqual(alert);
  });

  it('sends only alert fields, even when the object carries personal data', async () => {
    await sendAlertWebhook(config('/200'), alertCarryingPersonalData);

    expectNoPersonalData(requests[0].rawBody);
    expect(JSON.parse(requests[0].rawBody)).toEqual(alert);
  });

  it.each([500, 503, 408, 429])('throws a retryable error naming HTTP %i', async (status) => {
    const error = await sendAlertWebhook(config(`/${status}`), alert).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error).not.toBeInstanceOf(DeliveryRejectedError);
    expect(error).toMatchObject({ retryable: true, status, message: expect.stringContaining(String(status)) });
  });

  it.each([400, 401, 404, 422])('throws DeliveryRejectedError for HTTP %i', async (status) => {
    const error = await sendAlertWebhook(config(`/${status}`), alert).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryRejectedError);
    expect(error).toMatchObject({ retryable: false, status, message: expect.stringContaining(String(status)) });
    expect((error as Error).message).not.toContain('receiver says hello');
  });

  it('does not follow a redirect with a signed alert', async () => {
    await expect(sendAlertWebhook(config('/redirect'), alert)).rejects.toMatchObject({ retryable: false, status: 307 });
    expect(requests.map((request) => request.url)).toEqual(['/redirect']);
  });

  it('times out a receiver that never answers, retryably', async () => {
    const error = await sendAlertWebhook(config('/hang', 200), alert).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DeliveryFailedError);
    expect(error).toMatchObject({ retryable: true, message: expect.stringContaining('timed out after 200 ms') });
  });

  it('leaves an unreachable receiver retryable', async () => {
    const unreachable = { url: `http://127.0.0.1:${await closedPort()}/`, secret };
    await expect(sendAlertWebhook(unreachable, alert)).rejects.toMatchObject({ retryable: true });
  });
});

describe('verifyWebhookSignature', () => {
  const rawBody = JSON.stringify(alert);
  const now = Date.UTC(2025, 2, 4, 17, 0, 0);
  const timestamp = String(now / 1000);
  const signature = signWebhookBody(secret, timestamp, rawBody);

  it('accepts the exact body, as text or bytes, within the tolerance', () => {
    expect(verifyWebhookSignature(secret, timestamp, signature, rawBody, now)).toBe(true);
    expect(verifyWebhookSignature(secret, timestamp, signature, Buffer.from(rawBody), now + 299_000)).toBe(true);
  });

  it('rejects a tampered body, a wrong secret or a forged signature', () => {
    const tampered = rawBody.replace('initialContact', 'dashAssessment');
    expect(verifyWebhookSignature(secret, timestamp, signature, tampered, now)).toBe(false);
    expect(verifyWebhookSignature('another-secret', timestamp, signature, rawBody, now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, 'sha256=deadbeef', rawBody, now)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, undefined, rawBody, now)).toBe(false);
  });

  it('rejects a stale or future timestamp, and one moved to match a replay', () => {
    expect(verifyWebhookSignature(secret, timestamp, signature, rawBody, now + 301_000)).toBe(false);
    expect(verifyWebhookSignature(secret, timestamp, signature, rawBody, now - 301_000)).toBe(false);
    const moved = String(now / 1000 + 600);
    expect(verifyWebhookSignature(secret, moved, signature, rawBody, now + 600_000)).toBe(false);
    expect(verifyWebhookSignature(secret, 'yesterday', signature, rawBody, now)).toBe(false);
  });
});
