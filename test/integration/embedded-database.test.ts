import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { serialize } from 'pg-protocol';
import { eventually } from '../support/case-harness';
import { startEmbeddedDatabaseProcess, type EmbeddedDatabaseProcess } from '../support/embedded-database';

/**
 * The embedded database of `npm start` is one PGlite backend shared by the API, the worker and
 * the audit CLI: many clients at once, each seeing only its own queries and transactions.
 */
describe('the embedded database', () => {
  const IDLE_IN_TRANSACTION_TIMEOUT_MS = 2_000;
  let dataDir: string;
  let database: EmbeddedDatabaseProcess;
  const clients: Client[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-database-'));
    database = await startEmbeddedDatabaseProcess(dataDir, {
      idleInTransactionTimeoutMs: IDLE_IN_TRANSACTION_TIMEOUT_MS,
    });
    const setup = await connect();
    await setup.query('CREATE TABLE entries (client int NOT NULL, round int NOT NULL)');
    await setup.end();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function connect(): Promise<Client> {
    const client = new Client({ connectionString: database.url });
    client.on('error', () => undefined); // a client the server ends reports it on its next query
    await client.connect();
    clients.push(client);
    return client;
  }

  const rowsOf = async (client: Client, id: number): Promise<number> =>
    Number(
      (await client.query<{ n: string }>('SELECT count(*)::text AS n FROM entries WHERE client = $1', [id])).rows[0]!.n,
    );

  /** Rounds of parameterised queries, transactions (a third rolled back) and SQL errors; returns the rounds committed. */
  async function work(client: Client, id: number, rounds: number): Promise<number> {
    let committed = 0;
    for (let round = 0; round < rounds; round += 1) {
      const echoed = await client.query('SELECT $1::int AS client, $2::int AS round', [id, round]);
      expect(echoed.rows).toEqual([{ client: id, round }]);
      await client.query('BEGIN');
      await client.query('INSERT INTO entries (client, round) VALUES ($1, $2)', [id, round]);
      // Inside the transaction: its own insert and everything it committed before, no one else's.
      expect(await rowsOf(client, id)).toBe(committed + 1);
      if (round % 3 === 0) {
        await client.query('ROLLBACK');
      } else {
        await client.query('COMMIT');
        committed += 1;
      }
      if (round % 5 === 0) {
        await expect(client.query('SELECT 1 / $1::int', [0])).rejects.toThrow('division by zero');
        await expect(client.query('SELEC 1')).rejects.toThrow('syntax error');
      }
    }
    return committed;
  }

  it('serves many clients at once: interleaved queries, transactions and errors each answer their own client', async () => {
    const idle = await connect(); // holds a connection open the whole time, doing nothing
    const ids = [1, 2, 3, 4, 5, 6, 7, 8];
    const workers = await Promise.all(ids.map(() => connect()));
    const committed = await Promise.all(workers.map((client, index) => work(client, ids[index]!, 20)));
    for (const [index, id] of ids.entries()) expect(await rowsOf(idle, id)).toBe(committed[index]);
    // Every client still works after its errors, the idle one too.
    expect((await idle.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await workers[0]!.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
  }, 120_000);

  it('rolls back what a client that disconnects left open, mid-transaction or mid-sequence', async () => {
    const inTransaction = await RawSession.open(database.url);
    await inTransaction.run(serialize.query('BEGIN'));
    await inTransaction.run(serialize.query('INSERT INTO entries (client, round) VALUES (100, 1)'));
    inTransaction.destroy();

    // Parse, Bind and Execute of an insert, gone before its Sync: it must not commit.
    const midSequence = await RawSession.open(database.url);
    midSequence.send(
      Buffer.concat([
        serialize.parse({ text: 'INSERT INTO entries (client, round) VALUES (101, 1)' }),
        serialize.bind({}),
        serialize.execute({}),
      ]),
    );
    await midSequence.received('C'); // CommandComplete: the insert ran
    midSequence.destroy();

    const other = await connect();
    expect(await rowsOf(other, 100)).toBe(0);
    expect(await rowsOf(other, 101)).toBe(0);
    // not inside someone else's transaction: a transaction of its own begins and ends cleanly
    await other.query('BEGIN');
    await other.query('INSERT INTO entries (client, round) VALUES (102, 1)');
    await other.query('COMMIT');
    expect(await rowsOf(await connect(), 102)).toBe(1);
  });

  it('disconnects a client idle in a transaction past the bound, and the others go on', async () => {
    const stuck = await connect();
    await stuck.query('BEGIN');
    await stuck.query('INSERT INTO entries (client, round) VALUES (200, 1)');
    const other = await connect();
    expect(await rowsOf(other, 200)).toBe(0); // answered once the stuck client is let go
    await expect(stuck.query('SELECT 1')).rejects.toThrow();
    // its log line travels on another pipe than the answers: wait for it
    await eventually(
      async () => database.output(),
      (output) => output.includes('a client idle in a transaction was disconnected'),
    );
  });

  it('keeps each client its own named prepared statements and drops them when it leaves', async () => {
    const [first, second] = [await connect(), await connect()];
    for (let round = 0; round < 5; round += 1) {
      const [one, two] = await Promise.all([
        first.query({ name: 'which', text: 'SELECT 1 AS which' }),
        second.query({ name: 'which', text: 'SELECT 2 AS which' }),
      ]);
      expect([one.rows, two.rows]).toEqual([[{ which: 1 }], [{ which: 2 }]]);
    }
    const statements = async () =>
      (await second.query<{ n: string }>('SELECT count(*)::text AS n FROM pg_prepared_statements')).rows[0]!.n;
    expect(await statements()).toBe('2');
    await first.end();
    await eventually(statements, (count) => count === '1');
    expect((await second.query({ name: 'which', text: 'SELECT 2 AS which' })).rows).toEqual([{ which: 2 }]);
  });
});

/** A client speaking the wire protocol by hand, to leave at points `pg` never stops at. */
class RawSession {
  private input = Buffer.alloc(0);
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => (this.input = Buffer.concat([this.input, chunk])));
    socket.on('error', () => undefined);
  }

  static async open(url: string): Promise<RawSession> {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    const session = new RawSession(socket);
    socket.write(serialize.startup({ user: 'postgres', database: 'postgres' }));
    await session.received('Z');
    return session;
  }

  send(message: Buffer): void {
    this.socket.write(message);
  }

  /** Sends a simple query and waits for its ReadyForQuery. */
  async run(message: Buffer): Promise<void> {
    this.input = Buffer.alloc(0);
    this.send(message);
    await this.received('Z');
  }

  /** Waits until a backend message of this type has arrived (since the last `run`). */
  async received(type: string): Promise<void> {
    await eventually(
      async () => this.types(),
      (types) => types.includes(type),
    );
  }

  destroy(): void {
    this.socket.destroy();
  }

  private types(): string[] {
    const types: string[] = [];
    for (let offset = 0; offset + 5 <= this.input.length; offset += 1 + this.input.readInt32BE(offset + 1))
      types.push(String.fromCharCode(this.input[offset]!));
    return types;
  }
}
