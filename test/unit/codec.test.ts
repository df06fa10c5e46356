import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { WorkflowFailedError } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { defaultPayloadConverter, type Payload, type SerializationContext, str, u8 } from '@temporalio/common';
import { JSONToPayload, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import {
  AesGcmPayloadCodec,
  CodecKeyring,
  loadOrCreateDevKeys,
  parseCodecKeys,
  payloadBinding,
  payloadEncryptionKeysSchema,
} from '../../src/platform/temporal/codec';
import { caseWorkflowId } from '../../src/case/state';
import { caseIdOwningWorkflow, childWorkflowId } from '../../src/case/workflow-ids';
import { testDataConverter } from '../support/test-keys';
import { createDataConverter } from '../../src/platform/temporal/data-converter';
import type { codecEcho, codecFail } from '../fixtures/codec-echo-workflow';

// Obviously fictional personal data: none of these strings may appear in encrypted bytes.
const fixture = {
  name: 'Testy McFixture',
  postcode: 'ZZ99 9ZZ',
  phone: '07700 900999',
  notes: 'Ŵyn Prawf — “ffug” 🚪 façade ñ 日本語',
};
const fixtureStrings = [fixture.name, fixture.postcode, fixture.phone, 'Ŵyn Prawf', '日本語'];

const newKey = (): string => randomBytes(32).toString('base64');
const oldKeyMaterial = newKey();
const newKeyMaterial = newKey();

function allBytes(payloads: Payload[]): Buffer {
  return Buffer.concat(
    payloads.flatMap((payload) => [
      ...Object.entries(payload.metadata ?? {}).flatMap(([name, value]) => [Buffer.from(name), Buffer.from(value)]),
      Buffer.from(payload.data ?? new Uint8Array()),
    ]),
  );
}

function expectNoFixtureIn(bytes: Uint8Array): void {
  const buffer = Buffer.from(bytes);
  for (const text of fixtureStrings) expect(buffer.includes(Buffer.from(text))).toBe(false);
}

function expectNoSecretIn(message: string, secrets: string[]): void {
  for (const secret of secrets) expect(message).not.toContain(secret);
}

describe('AesGcmPayloadCodec', () => {
  const codec = new AesGcmPayloadCodec(parseCodecKeys(`key-a:${oldKeyMaterial}`), caseIdOwningWorkflow);

  it('round-trips JSON payloads, including unicode', async () => {
    const values = [fixture, 'plain string', 42, null, [1, 'two', { three: 3 }], { emoji: '🚪', empty: '' }];
    const encoded = await codec.encode(values.map((value) => defaultPayloadConverter.toPayload(value)));
    const decoded = await codec.decode(encoded);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual(values);
  });

  it('round-trips binary and empty payloads and an empty list', async () => {
    const binary = defaultPayloadConverter.toPayload(new Uint8Array([0, 1, 2, 255]));
    const undefinedPayload = defaultPayloadConverter.toPayload(undefined);
    const decoded = await codec.decode(await codec.encode([binary, undefinedPayload]));
    expect(defaultPayloadConverter.fromPayload(decoded[0]!)).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(defaultPayloadConverter.fromPayload(decoded[1]!)).toBeUndefined();
    expect(await codec.encode([])).toEqual([]);
  });

  it('hides the fixture fields and the original encoding, and marks the key id', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(fixture)]);
    expect(str(encoded!.metadata!.encoding!)).toBe('binary/encrypted');
    expect(str(encoded!.metadata!['encryption-key-id']!)).toBe('key-a');
    expect(Object.keys(encoded!.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
    const bytes = allBytes([encoded!]);
    expectNoFixtureIn(bytes);
    expect(bytes.includes(Buffer.from('json/plain'))).toBe(false);
  });

  it('uses a fresh IV per payload', async () => {
    const payload = defaultPayloadConverter.toPayload(fixture);
    const [first, second] = await codec.encode([payload, payload]);
    expect(Buffer.from(first!.data!).subarray(0, 12).equals(Buffer.from(second!.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  it('keeps old payloads readable after rotation; new payloads use the new key', async () => {
    const before = new AesGcmPayloadCodec(parseCodecKeys(`key-2026-01:${oldKeyMaterial}`), caseIdOwningWorkflow);
    const [old] = await before.encode([defaultPayloadConverter.toPayload(fixture)]);

    const after = new AesGcmPayloadCodec(
      parseCodecKeys(`key-2026-11:${newKeyMaterial},key-2026-01:${oldKeyMaterial}`),
      caseIdOwningWorkflow,
    );
    const [decodedOld] = await after.decode([old!]);
    expect(defaultPayloadConverter.fromPayload(decodedOld!)).toEqual(fixture);

    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(fixture)]);
    expect(str(fresh!.metadata!['encryption-key-id']!)).toBe('key-2026-11');
    // The retired key alone cannot read the new payload.
    await expect(before.decode([fresh!])).rejects.toThrow(/"key-2026-11"/);
  });

  it('fails on an unknown key id naming the id, never the data', async () => {
    const writer = new AesGcmPayloadCodec(parseCodecKeys(`key-retired:${oldKeyMaterial}`), caseIdOwningWorkflow);
    const [encoded] = await writer.encode([defaultPayloadConverter.toPayload(fixture)]);
    const reader = new AesGcmPayloadCodec(parseCodecKeys(`key-current:${newKeyMaterial}`), caseIdOwningWorkflow);
    const error: Error = await reader.decode([encoded!]).then(
      () => {
        throw new Error('expected decode to fail');
      },
      (caught: Error) => caught,
    );
    expect(error.message).toContain('"key-retired"');
    expect(error.message).toContain('key-current');
    const data = Buffer.from(encoded!.data!);
    expectNoSecretIn(error.message, [...fixtureStrings, data.toString('base64'), data.toString('hex').slice(0, 32)]);
    expectNoSecretIn(error.message, [oldKeyMaterial, newKeyMaterial]);
  });

  it('rejects tampered ciphertext, tag, IV or key id label', async () => {
    const twoKeys = new AesGcmPayloadCodec(
      parseCodecKeys(`key-a:${oldKeyMaterial},key-b:${newKeyMaterial}`),
      caseIdOwningWorkflow,
    );
    const [encoded] = await twoKeys.encode([defaultPayloadConverter.toPayload(fixture)]);
    const flip = (index: number): Payload => {
      const data = Buffer.from(encoded!.data!);
      data[index]! ^= 0x01;
      return { metadata: encoded!.metadata, data };
    };
    const length = encoded!.data!.length;
    for (const index of [0, 12, Math.floor(length / 2), length - 1]) {
      await expect(twoKeys.decode([flip(index)])).rejects.toThrow(/failed authentication with key id "key-a"/);
    }
    // Relabelled to another configured key: the id is authenticated data, so this fails too.
    const relabelled: Payload = { ...encoded!, metadata: { ...encoded!.metadata, 'encryption-key-id': u8('key-b') } };
    await expect(twoKeys.decode([relabelled])).rejects.toThrow(/failed authentication with key id "key-b"/);
    const truncated: Payload = { ...encoded!, data: encoded!.data!.subarray(0, 20) };
    await expect(twoKeys.decode([truncated])).rejects.toThrow(/too short/);
    const noKeyId: Payload = { ...encoded!, metadata: { encoding: u8('binary/encrypted') } };
    await expect(twoKeys.decode([noKeyId])).rejects.toThrow(/no encryption-key-id/);
  });

  it('passes unencrypted payloads through unchanged on decode', async () => {
    const plain = defaultPayloadConverter.toPayload(fixture);
    const noMetadata: Payload = { data: u8('raw') };
    const decoded = await codec.decode([plain, noMetadata]);
    expect(decoded[0]).toBe(plain);
    expect(decoded[1]).toBe(noMetadata);
  });
});

describe('binding payloads to their case', () => {
  const codec = new AesGcmPayloadCodec(
    parseCodecKeys(`key-a:${oldKeyMaterial},key-b:${newKeyMaterial}`),
    caseIdOwningWorkflow,
  );
  const caseA = randomUUID();
  const caseB = randomUUID();
  const workflowOf = (workflowId: string): SerializationContext => ({
    type: 'workflow',
    namespace: 'default',
    workflowId,
  });
  const encodeFor = async (context?: SerializationContext) =>
    (await codec.encode([defaultPayloadConverter.toPayload(fixture)], context))[0]!;
  const relabel = (payload: Payload, metadata: Record<string, Uint8Array | undefined>): Payload => ({
    data: payload.data,
    metadata: Object.fromEntries(
      Object.entries({ ...payload.metadata, ...metadata }).filter(
        (entry): entry is [string, Uint8Array] => entry[1] !== undefined,
      ),
    ),
  });
  const decodedValue = async (payload: Payload, context?: SerializationContext) =>
    defaultPayloadConverter.fromPayload((await codec.decode([payload], context))[0]!);

  it('knows the case of a case workflow, of its children, and of nothing else', () => {
    expect(caseIdOwningWorkflow(caseWorkflowId(caseA))).toBe(caseA);
    expect(caseIdOwningWorkflow(childWorkflowId(caseWorkflowId(caseA), 'marac', 2))).toBe(caseA);
    expect(caseIdOwningWorkflow('codec-echo-1')).toBeUndefined();
    expect(caseIdOwningWorkflow('case-')).toBeUndefined();
    expect(caseIdOwningWorkflow(`${caseWorkflowId(caseA)}/other-1`)).toBeUndefined();
  });

  it("labels a payload of a case's workflow, child or activity with the case, under the key", async () => {
    const contexts: SerializationContext[] = [
      workflowOf(caseWorkflowId(caseA)),
      workflowOf(childWorkflowId(caseWorkflowId(caseA), 'repairs', 1)),
      {
        type: 'activity',
        namespace: 'default',
        workflowId: childWorkflowId(caseWorkflowId(caseA), 'rehousing', 1),
        activityId: '3',
        isLocal: false,
      },
    ];
    for (const context of contexts) {
      const encoded = await encodeFor(context);
      expect(str(encoded.metadata!['encryption-case-id']!)).toBe(caseA);
      expect(payloadBinding(encoded)).toEqual({ kind: 'case', caseId: caseA });
      expect(await decodedValue(encoded, workflowOf(caseWorkflowId(caseA)))).toEqual(fixture);
      expect(await decodedValue(encoded)).toEqual(fixture); // no context: the label is still authenticated
    }
  });

  it('leaves a payload with no context, or of a workflow that is no case, unbound', async () => {
    for (const context of [undefined, workflowOf('codec-echo-1'), workflowOf('case-not-a-uuid')]) {
      const encoded = await encodeFor(context);
      expect(encoded.metadata!['encryption-case-id']).toBeUndefined();
      expect(payloadBinding(encoded)).toEqual({ kind: 'unbound' });
      expect(await decodedValue(encoded, context)).toEqual(fixture);
    }
    expect(payloadBinding(defaultPayloadConverter.toPayload(fixture))).toEqual({ kind: 'plain' });
  });

  it('refuses a payload relabelled with another case, stripped of its case, or given one', async () => {
    const bound = await encodeFor(workflowOf(caseWorkflowId(caseB)));
    await expect(codec.decode([relabel(bound, { 'encryption-case-id': u8(caseA) })])).rejects.toThrow(
      /failed authentication with key id "key-a" for case/,
    );
    await expect(codec.decode([relabel(bound, { 'encryption-case-id': undefined })])).rejects.toThrow(
      /failed authentication with key id "key-a"/,
    );
    await expect(codec.decode([relabel(bound, { 'encryption-key-id': u8('key-b') })])).rejects.toThrow(
      /failed authentication with key id "key-b"/,
    );
    const unbound = await encodeFor();
    await expect(codec.decode([relabel(unbound, { 'encryption-case-id': u8(caseA) })])).rejects.toThrow(
      /failed authentication/,
    );
    const malformed = relabel(bound, { 'encryption-case-id': u8('../../etc') });
    expect(payloadBinding(malformed)).toEqual({
      kind: 'malformed',
      reason: 'encryption-case-id metadata is not a case id',
    });
    await expect(codec.decode([malformed])).rejects.toThrow(/not a case id/);
  });

  it("refuses a case's payload read for another case's workflow, or for a workflow outside any case", async () => {
    const bound = await encodeFor(workflowOf(caseWorkflowId(caseB)));
    await expect(codec.decode([bound], workflowOf(caseWorkflowId(caseA)))).rejects.toThrow(
      `belongs to case ${caseB}, not to case ${caseA}`,
    );
    await expect(codec.decode([bound], workflowOf(childWorkflowId(caseWorkflowId(caseA), 'marac', 1)))).rejects.toThrow(
      /belongs to case/,
    );
    await expect(codec.decode([bound], workflowOf('codec-echo-1'))).rejects.toThrow(
      /not to a workflow outside any case/,
    );
  });

  it('still reads payloads a running case stored before case labels, under their own workflow id', async () => {
    const history = JSON.parse(
      fs.readFileSync(path.join(__dirname, '../golden/histories/case-with-marac-referral.json'), 'utf8'),
    ) as {
      events: { workflowExecutionStartedEventAttributes?: { input: { payloads: JSONPayload[] } } }[];
    };
    const workflowId = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '../golden/workflow-ids.json'), 'utf8')) as Record<string, string>
    )['case-with-marac-referral.json']!;
    const [legacy] = history.events[0]!.workflowExecutionStartedEventAttributes!.input.payloads.map(JSONToPayload);
    expect(payloadBinding(legacy!)).toEqual({ kind: 'unbound' });
    const [decoded] = await testDataConverter.payloadCodecs![0]!.decode([legacy!], workflowOf(workflowId));
    expect(defaultPayloadConverter.fromPayload<{ caseId: string }>(decoded!).caseId).toBe(
      workflowId.slice('case-'.length),
    );
  });
});

describe('payload encryption key configuration', () => {
  const shortKey = randomBytes(16).toString('base64');

  function messageOf(run: () => unknown): string {
    try {
      run();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected an error');
  }

  it('parses keys with the first as current', () => {
    const keyring = parseCodecKeys(` key-2026-11:${newKeyMaterial} , key-2026-01:${oldKeyMaterial} `);
    expect(keyring.currentKeyId).toBe('key-2026-11');
    expect(keyring.keyIds).toEqual(['key-2026-11', 'key-2026-01']);
    expect(keyring.keyFor('key-2026-01')!.equals(Buffer.from(oldKeyMaterial, 'base64'))).toBe(true);
  });

  it('rejects a key of the wrong length, naming the id but not the key', () => {
    const message = messageOf(() => parseCodecKeys(`key-ok:${newKeyMaterial},key-short:${shortKey}`));
    expect(message).toMatch(/"key-short" must be exactly 32 bytes .* got 16/);
    expectNoSecretIn(message, [shortKey, newKeyMaterial]);
  });

  it('rejects duplicate ids', () => {
    const message = messageOf(() => parseCodecKeys(`key-a:${newKeyMaterial},key-a:${oldKeyMaterial}`));
    expect(message).toContain('"key-a" is given more than once');
    expectNoSecretIn(message, [newKeyMaterial, oldKeyMaterial]);
  });

  it('rejects an empty value', () => {
    expect(messageOf(() => parseCodecKeys(''))).toMatch(/PAYLOAD_ENCRYPTION_KEYS is empty/);
    expect(messageOf(() => parseCodecKeys(' , '))).toMatch(/PAYLOAD_ENCRYPTION_KEYS is empty/);
    expect(messageOf(() => new CodecKeyring([]))).toMatch(/no payload encryption keys/);
  });

  it('rejects malformed entries without echoing them', () => {
    const bare = messageOf(() => parseCodecKeys(`key-a:${newKeyMaterial},${oldKeyMaterial}`));
    expect(bare).toMatch(/entry 2 is not of the form "keyId:base64Key"/);
    expectNoSecretIn(bare, [oldKeyMaterial, newKeyMaterial]);
    expect(messageOf(() => parseCodecKeys('key-a:'))).toMatch(/entry 1 is not of the form/);
    expect(messageOf(() => parseCodecKeys(`bad id!:${newKeyMaterial}`))).toMatch(/entry 1: key id must be/);
    const badBase64 = messageOf(() => parseCodecKeys('key-a:not*base64*at*all'));
    expect(badBase64).toBe('payload encryption key "key-a" is not valid base64');
  });

  it('exposes a zod schema whose issues never carry key material', () => {
    const ok = payloadEncryptionKeysSchema.safeParse(`key-a:${newKeyMaterial}`);
    expect(ok.success && ok.data.currentKeyId).toBe('key-a');
    const bad = payloadEncryptionKeysSchema.safeParse(`key-a:${shortKey}`);
    expect(bad.success).toBe(false);
    const issues = JSON.stringify(bad.error?.issues);
    expect(bad.error?.issues.map((issue) => issue.message)).toEqual([
      'payload encryption key "key-a" must be exactly 32 bytes (AES-256), got 16',
    ]);
    expectNoSecretIn(issues, [shortKey]);
  });

  it('keeps key material out of JSON and inspect output', () => {
    const keyring = parseCodecKeys(`key-a:${newKeyMaterial}`);
    const hex = Buffer.from(newKeyMaterial, 'base64').toString('hex');
    for (const shown of [
      JSON.stringify({ keyring }),
      inspect(keyring),
      inspect({ nested: { keyring } }, { depth: 5 }),
    ]) {
      expect(shown).toContain('key-a');
      expectNoSecretIn(shown, [newKeyMaterial, hex]);
    }
  });
});

describe('loadOrCreateDevKeys', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-keys-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates one key once (0600) and reads the same key after a restart', async () => {
    const file = path.join(dir, 'nested', 'payload-encryption-keys.json');
    const first = loadOrCreateDevKeys(file);
    expect(first.keyIds).toHaveLength(1);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['payload-encryption-keys.json']);

    const [encoded] = await new AesGcmPayloadCodec(first, caseIdOwningWorkflow).encode([
      defaultPayloadConverter.toPayload(fixture),
    ]);
    const second = loadOrCreateDevKeys(file);
    expect(second.keyIds).toEqual(first.keyIds);
    const [decoded] = await new AesGcmPayloadCodec(second, caseIdOwningWorkflow).decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(fixture);
  });

  it('reports a corrupt file by path without printing its content', () => {
    const file = path.join(dir, 'keys.json');
    fs.writeFileSync(file, JSON.stringify({ PAYLOAD_ENCRYPTION_KEYS: `dev:${randomBytes(8).toString('base64')}` }));
    expect(() => loadOrCreateDevKeys(file)).toThrow(
      `development key file ${file}: payload encryption key "dev" must be exactly 32 bytes (AES-256), got 8`,
    );
    fs.writeFileSync(file, '{not json');
    expect(() => loadOrCreateDevKeys(file)).toThrow(`development key file ${file} is not valid JSON`);
  });
});

describe('encrypted payloads on the Temporal time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  const dataConverter = createDataConverter(
    new AesGcmPayloadCodec(parseCodecKeys(`key-test:${newKeyMaterial}`), caseIdOwningWorkflow),
  );
  const taskQueue = 'codec-test';

  beforeAll(async () => {
    const testEnv = JSON.parse(fs.readFileSync(path.join(__dirname, '../../.tools/test-env.json'), 'utf8')) as {
      timeSkippingServerPath: string;
    };
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: testEnv.timeSkippingServerPath } },
      client: { dataConverter },
    });
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function rawHistoryBytes(
    workflowId: string,
  ): Promise<{ bytes: Uint8Array; history: temporal.api.history.v1.IHistory }> {
    const response = await env.client.workflowService.getWorkflowExecutionHistory({
      namespace: env.namespace ?? 'default',
      execution: { workflowId },
    });
    const history = response.history!;
    return { bytes: temporal.api.history.v1.History.encode(history).finish(), history };
  }

  const echoWorker = () =>
    Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: require.resolve('../fixtures/codec-echo-workflow'),
      dataConverter,
    });

  it('stores no fixture field in plain text while the client decodes the result', async () => {
    const worker = await echoWorker();
    const echoId = `codec-echo-${Date.now()}`;
    const failId = `codec-fail-${Date.now()}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof codecEcho<typeof fixture>>('codecEcho', {
        args: [fixture],
        taskQueue,
        workflowId: echoId,
      });
      expect(await handle.result()).toEqual(fixture);

      const failing = await env.client.workflow.start<typeof codecFail>('codecFail', {
        args: [fixture.name],
        taskQueue,
        workflowId: failId,
      });
      const error = await failing.result().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(WorkflowFailedError);
      expect((error as WorkflowFailedError).cause?.message).toBe(`rejected: ${fixture.name}`);
    });

    const echo = await rawHistoryBytes(echoId);
    expectNoFixtureIn(echo.bytes);
    // Not vacuous: the input and result are there, encrypted under the configured key.
    const events = echo.history.events ?? [];
    const input = events.find((event) => event.workflowExecutionStartedEventAttributes)!
      .workflowExecutionStartedEventAttributes!.input!.payloads!;
    const result = events.find((event) => event.workflowExecutionCompletedEventAttributes)!
      .workflowExecutionCompletedEventAttributes!.result!.payloads!;
    for (const payload of [...input, ...result]) {
      expect(str(payload.metadata!.encoding!)).toBe('binary/encrypted');
      expect(str(payload.metadata!['encryption-key-id']!)).toBe('key-test');
    }

    // Failure messages are moved into encrypted attributes rather than stored as plain text.
    const failed = await rawHistoryBytes(failId);
    expectNoFixtureIn(failed.bytes);
    const failure = (failed.history.events ?? []).find((event) => event.workflowExecutionFailedEventAttributes)!
      .workflowExecutionFailedEventAttributes!.failure!;
    expect(failure.message).toBe('Encoded failure');
    expect(str(failure.encodedAttributes!.metadata!.encoding!)).toBe('binary/encrypted');
  });

  it("labels every payload of a case's workflow with its case, as the SDK passes the workflow to the codec", async () => {
    const worker = await echoWorker();
    const caseId = randomUUID();
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start<typeof codecEcho<typeof fixture>>('codecEcho', {
        args: [fixture],
        taskQueue,
        workflowId: caseWorkflowId(caseId),
      });
      expect(await handle.result()).toEqual(fixture);
    });
    const { history } = await rawHistoryBytes(caseWorkflowId(caseId));
    const events = history.events ?? [];
    const payloads = [
      ...events.find((event) => event.workflowExecutionStartedEventAttributes)!.workflowExecutionStartedEventAttributes!
        .input!.payloads!,
      ...events.find((event) => event.workflowExecutionCompletedEventAttributes)!
        .workflowExecutionCompletedEventAttributes!.result!.payloads!,
    ];
    expect(payloads.map((payload) => payloadBinding(payload))).toEqual([
      { kind: 'case', caseId },
      { kind: 'case', caseId },
    ]);
  });
});
