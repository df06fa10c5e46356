import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';

/** Local development signs with Ed25519: small keys, one fixed algorithm, no parameters to get wrong. */
export const DEV_KEY_ALGORITHM = 'EdDSA';

export const DEV_TOKEN_DEFAULTS = {
  issuer: 'da-case-orchestrator-dev',
  audience: 'da-case-orchestrator',
  keyFileName: 'dev-jwt-key.json',
} as const;

export function devKeyFilePath(dataDir: string): string {
  return path.resolve(dataDir, DEV_TOKEN_DEFAULTS.keyFileName);
}

export interface DevKey {
  kid: string;
  privateKey: CryptoKey;
  /** What a verifier needs, e.g. as `{ keys: [publicJwk] }`. */
  publicJwk: JWK;
}

const storedKeySchema = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string().min(1),
  d: z.string().min(1),
  kid: z.string().min(1),
});

/**
 * The key pair is made on first use and kept as a private JWK readable by its owner only.
 * It is written to a temporary file and linked into place, which fails if the file exists:
 * two processes starting together agree on one key and never read a half-written file.
 */
export async function loadOrCreateDevKey(file: string): Promise<DevKey> {
  try {
    return await readDevKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pair = await generateKeyPair(DEV_KEY_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(pair.privateKey);
  const stored = { ...jwk, kid: await calculateJwkThumbprint(jwk) };
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(stored, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await fs.rm(temporary, { force: true });
  }
  return readDevKey(file);
}

async function readDevKey(file: string): Promise<DevKey> {
  const text = await fs.readFile(file, 'utf8');
  const parsed = storedKeySchema.safeParse(parseJsonOrUndefined(text));
  // The message names the file only: its content is a private key.
  if (!parsed.success) throw new Error(`${file} is not an Ed25519 private JWK; delete it to have a new one made`);
  const { d: _private, ...publicJwk } = parsed.data;
  const privateKey = await importJWK(parsed.data, DEV_KEY_ALGORITHM);
  return {
    kid: parsed.data.kid,
    privateKey,
    publicJwk: { ...publicJwk, alg: DEV_KEY_ALGORITHM, use: 'sig' },
  };
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
