import type { Server } from 'node:http';
import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';
import type { Logger } from '../logger';
import { listenOn } from './ports';

/**
 * PGlite over the PostgreSQL wire protocol for many clients at once. PGlite is one backend (one
 * session), so clients take turns on it the way pgbouncer's transaction pooling shares a server
 * connection: a client holds the backend from its first message until PGlite is ready for a query
 * outside a transaction, and every other client's messages wait. So one client's extended-protocol
 * sequence or transaction never interleaves with another's.
 *
 * Session state is shared, as in transaction pooling: a session-level SET applies to every client
 * (the product uses SET LOCAL only), and notifications are not delivered (they could reach the
 * wrong client; the alert feed polls on this database). Named prepared statements are private to
 * their client: their names are prefixed per client and deallocated when it disconnects.
 */
export interface PGliteSessionServerOptions {
  db: PGlite;
  host: string;
  port: number;
  logger: Logger;
  /** A client idle inside a transaction this long is disconnected, as PostgreSQL's idle_in_transaction_session_timeout does. */
  idleInTransactionTimeoutMs?: number;
  maxClients?: number;
}

export interface PGliteSessionServer {
  port: number;
  stop(): Promise<void>;
}

const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;
/** PostgreSQL's default max_connections. */
const DEFAULT_MAX_CLIENTS = 100;
/** PostgreSQL's own limit on a startup packet. */
const MAX_STARTUP_PACKET_BYTES = 10_000;
/** Far above anything the product sends (request bodies are at most 64 kB). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A client this far ahead of its turn stops being read until the backend catches up. */
const MAX_QUEUED_MESSAGES = 256;

const PROTOCOL_VERSION_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
/** No client can have opened it: executing it fails, which aborts a half-sent extended-protocol sequence. */
const ABORT_PORTAL = 'pglite-session-server: no such portal';

type TransactionStatus = 'I' | 'T' | 'E';

/** An ErrorResponse (backend message), e.g. FATAL 57P01 before the server closes a connection. */
function errorResponse(severity: 'ERROR' | 'FATAL', code: string, message: string): Buffer {
  const fields = Buffer.from(`S${severity}\0V${severity}\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

/** Sends a last message, then closes whether or not the client closes its side. */
function endWith(socket: net.Socket, message: Buffer): void {
  socket.end(message, () => socket.destroy());
}

function readCString(buffer: Buffer, offset: number): { value: string; end: number } {
  const end = buffer.indexOf(0, offset);
  if (end < 0) throw new Error('a string without its terminator');
  return { value: buffer.toString('utf8', offset, end), end: end + 1 };
}

/** The message with the statement name at `nameOffset` replaced by `rename(name)`. */
function withStatementName(
  message: Buffer,
  nameOffset: number,
  rename: (name: string) => string,
): { message: Buffer; name: string } {
  const { value: name, end } = readCString(message, nameOffset);
  if (name === '') return { message, name };
  const renamed = Buffer.from(`${rename(name)}\0`, 'utf8');
  const rewritten = Buffer.concat([message.subarray(0, nameOffset), renamed, message.subarray(end)]);
  rewritten.writeInt32BE(rewritten.length - 1, 1);
  return { message: rewritten, name };
}

class ClientSession {
  readonly queue: Buffer[] = [];
  /** named prepared statements, by the name the client gave */
  readonly statements = new Set<string>();
  closed = false;
  idleTimer: NodeJS.Timeout | undefined;
  private input = Buffer.alloc(0);
  private started = false;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
  ) {}

  /** This client's statement names, distinct from every other client's. */
  backendName(name: string): string {
    return `s${this.id}/${name}`;
  }

  /** Complete messages received so far; the startup exchange is answered by `onStartup`. */
  receive(chunk: Buffer, onStartup: () => void): Buffer[] {
    this.input = Buffer.concat([this.input, chunk]);
    const messages: Buffer[] = [];
    for (;;) {
      if (!this.started) {
        if (this.input.length < 8) return messages;
        const length = this.input.readInt32BE(0);
        if (length < 8 || length > MAX_STARTUP_PACKET_BYTES) throw new Error('invalid startup packet length');
        if (this.input.length < length) return messages;
        const code = this.input.readInt32BE(4);
        this.input = this.input.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) this.socket.write('N');
        else if (code === CANCEL_REQUEST)
          this.socket.destroy(); // queries here are not cancellable
        else if (code === PROTOCOL_VERSION_3) {
          this.started = true;
          onStartup();
        } else throw new Error('unsupported frontend protocol');
        continue;
      }
      if (this.input.length < 5) return messages;
      const length = this.input.readInt32BE(1);
      if (length < 4 || length > MAX_MESSAGE_BYTES) throw new Error('invalid message length');
      if (this.input.length < length + 1) return messages;
      messages.push(this.input.subarray(0, length + 1));
      this.input = this.input.subarray(length + 1);
    }
  }

  /** The message as the backend must see it: statement names made private to this client. */
  toBackend(message: Buffer): Buffer {
    const type = String.fromCharCode(message[0]!);
    if (type === 'P') {
      const parsed = withStatementName(message, 5, (name) => this.backendName(name));
      if (parsed.name) this.statements.add(parsed.name);
      return parsed.message;
    }
    if (type === 'B')
      return withStatementName(message, readCString(message, 5).end, (name) => this.backendName(name)).message;
    if ((type === 'D' || type === 'C') && message[5] === 'S'.charCodeAt(0)) {
      const closed = withStatementName(message, 6, (name) => this.backendName(name));
      if (type === 'C') this.statements.delete(closed.name);
      return closed.message;
    }
    return message;
  }
}

export async function servePGliteSessions(options: PGliteSessionServerOptions): Promise<PGliteSessionServer> {
  const { db, logger } = options;
  const idleInTransactionTimeoutMs = options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS;
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  await db.waitReady;

  let status: TransactionStatus = 'I';
  /** messages sent since the backend last said ReadyForQuery (an extended-protocol sequence before its Sync) */
  let sequenceOpen = false;

  /** Runs one message on the backend; returns its answer without notifications, noting the transaction status. */
  const execute = async (message: Buffer): Promise<Buffer> => {
    const chunks: Buffer[] = [];
    sequenceOpen = true;
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, { onRawData: (data) => chunks.push(Buffer.from(data)) }),
    );
    const answer = Buffer.concat(chunks);
    const kept: Buffer[] = [];
    for (let offset = 0; offset + 5 <= answer.length;) {
      const end = offset + 1 + answer.readInt32BE(offset + 1);
      const type = String.fromCharCode(answer[offset]!);
      if (type === 'Z') {
        status = String.fromCharCode(answer[offset + 5]!) as TransactionStatus;
        sequenceOpen = false;
      }
      if (type !== 'A') kept.push(answer.subarray(offset, end));
      offset = end;
    }
    return Buffer.concat(kept);
  };

  // What PGlite answers a startup packet (authentication ok, parameters, ready), replayed to every client.
  const startupAnswer = await execute(serialize.startup({ user: 'postgres', database: 'postgres' }));

  const sessions = new Set<ClientSession>();
  const waiting: ClientSession[] = [];
  let holder: ClientSession | undefined;
  let pumping: Promise<void> | undefined;
  let nextId = 1;

  /** The backend back to idle after its holder left: the half-sent sequence and the transaction rolled back, its statements gone. */
  const endTurnOf = async (session: ClientSession): Promise<void> => {
    if (sequenceOpen) {
      await execute(serialize.execute({ portal: ABORT_PORTAL }));
      await execute(serialize.sync());
    }
    if (status !== 'I') await execute(serialize.query('ROLLBACK'));
    if (session.statements.size > 0) {
      for (const name of session.statements)
        await execute(serialize.close({ type: 'S', name: session.backendName(name) }));
      await execute(serialize.sync());
    }
    if (status !== 'I' || sequenceOpen)
      logger.error(
        { session: session.id, status },
        "the embedded database could not end a disconnected client's transaction",
      );
  };

  const armIdleTimer = (session: ClientSession) => {
    clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => {
      logger.warn(
        { session: session.id, idleInTransactionTimeoutMs },
        'embedded database: a client idle in a transaction was disconnected',
      );
      endWith(
        session.socket,
        errorResponse('FATAL', '25P03', 'terminating connection due to idle-in-transaction timeout'),
      );
    }, idleInTransactionTimeoutMs);
    session.idleTimer.unref();
  };

  const runTurns = async (): Promise<void> => {
    for (;;) {
      holder ??= waiting.shift();
      const session = holder;
      if (!session) return;
      if (session.closed) {
        try {
          await endTurnOf(session);
        } catch (error) {
          logger.error(
            { err: error, session: session.id },
            "the embedded database failed while ending a disconnected client's turn",
          );
        }
        holder = undefined;
        continue;
      }
      const message = session.queue.shift();
      if (!message) {
        // Inside a transaction or a sequence: the backend stays this client's until it goes on.
        armIdleTimer(session);
        return;
      }
      if (session.queue.length < MAX_QUEUED_MESSAGES) session.socket.resume();
      try {
        const answer = await execute(session.toBackend(message));
        if (!session.closed && answer.length > 0) session.socket.write(answer);
      } catch (error) {
        logger.error(
          { err: error, session: session.id },
          'the embedded database failed on a client message; disconnecting that client',
        );
        forget(session);
        session.socket.destroy();
        continue;
      }
      if (status === 'I' && !sequenceOpen && !session.closed) {
        holder = undefined;
        if (session.queue.length > 0) waiting.push(session);
      }
    }
  };

  const pump = () => {
    pumping ??= runTurns().finally(() => {
      pumping = undefined;
      if (holder?.queue.length || (!holder && waiting.length > 0) || holder?.closed) pump();
    });
  };

  const onMessage = (session: ClientSession, message: Buffer) => {
    if (message[0] === 'X'.charCodeAt(0)) {
      session.socket.end();
      return;
    }
    clearTimeout(session.idleTimer);
    session.queue.push(message);
    if (session.queue.length >= MAX_QUEUED_MESSAGES) session.socket.pause();
    if (holder !== session && !waiting.includes(session)) waiting.push(session);
    pump();
  };

  /** The client is gone (or being let go): nothing more of its runs, and it leaves the backend clean. */
  const forget = (session: ClientSession) => {
    if (session.closed) return;
    session.closed = true;
    clearTimeout(session.idleTimer);
    sessions.delete(session);
    session.queue.length = 0;
    const index = waiting.indexOf(session);
    if (index >= 0) waiting.splice(index, 1);
    // A client that left mid-turn, or left statements behind, gets one last turn to clean up.
    if (holder !== session && session.statements.size > 0) waiting.push(session);
    pump();
  };

  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    if (sessions.size >= maxClients) {
      endWith(socket, errorResponse('FATAL', '53300', 'sorry, too many clients already'));
      return;
    }
    const session = new ClientSession(nextId++, socket);
    sessions.add(session);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of session.receive(chunk, () => socket.write(startupAnswer))) onMessage(session, message);
      } catch (error) {
        endWith(socket, errorResponse('FATAL', '08P01', `protocol violation: ${(error as Error).message}`));
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => forget(session));
  });

  await listenOn(server as unknown as Server, options.host, options.port, 'the embedded database port');
  return {
    port: (server.address() as net.AddressInfo).port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const session of sessions) session.socket.destroy();
      await closed;
      while (pumping) await pumping;
    },
  };
}
