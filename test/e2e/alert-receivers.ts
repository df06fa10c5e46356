import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { verifyWebhookSignature, type AlertMessage } from '../../src/alerts/channels';

/** A mail as the recipient reads it: envelope, decoded subject and text, and the raw message. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  raw: string;
}

/** A webhook call: the alert, whether its signature verified, and the exact bytes received. */
export interface ReceivedWebhook {
  alert: AlertMessage;
  signatureValid: boolean;
  rawBody: string;
}

export interface Receiver<T> {
  received: T[];
  port: number;
  close(): Promise<void>;
}

/** A real SMTP server on loopback, plain text only (no STARTTLS offered, no login needed). */
export async function startMailReceiver(): Promise<Receiver<ReceivedMail>> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({ to: session.envelope.rcptTo.map(({ address }) => address), raw, ...readTextMail(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}

/** A real HTTP receiver on loopback that checks every alert's signature with the shared secret. */
export async function startWebhookReceiver(secret: string): Promise<Receiver<ReceivedWebhook>> {
  const received: ReceivedWebhook[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const signatureValid = verifyWebhookSignature(
        secret,
        req.headers['x-signature-timestamp'],
        req.headers['x-signature'],
        rawBody,
      );
      received.push({ alert: JSON.parse(rawBody) as AlertMessage, signatureValid, rawBody });
      res.writeHead(signatureValid ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    received,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The subject and text of a single-part mail as nodemailer writes it: folded headers, RFC 2047
 * encoded words, and a 7bit, quoted-printable or base64 body.
 */
function readTextMail(raw: string): { subject: string; text: string } {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const unfolded = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1] ?? '';
  const subject = header('subject')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([bq])\?([^?]*)\?=/gi, (_word, encoding: string, text: string) =>
      (encoding.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64')
        : fromQuotedPrintable(text.replace(/_/g, ' '))
      ).toString('utf8'),
    );
  const content = raw.slice(headerEnd + 4);
  const transfer = header('content-transfer-encoding').toLowerCase();
  const bytes =
    transfer === 'base64'
      ? Buffer.from(content, 'base64')
      : transfer === 'quoted-printable'
        ? fromQuotedPrintable(content.replace(/=\r\n/g, ''))
        : Buffer.from(content, 'utf8');
  return { subject, text: bytes.toString('utf8').replace(/\r\n/g, '\n') };
}

function fromQuotedPrintable(text: string): Buffer {
  return Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_escape, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}
