import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import type { CaseDataKeys } from '../../src/platform/crypto/case-keys';
import { createApp } from '../../src/api';
import { createApiServer } from '../../src/platform/http/http-server';
import type { CodecEndpointOptions } from '../../src/audit/codec-routes';
import { DEV_TOKEN_DEFAULTS, issueDevToken, type Principal } from '../../src/platform/auth';
import { createAuthenticator } from '../../src/platform/http/authenticate';
import { testDataConverter, testLogger } from './temporal';
import { testKeyring } from './test-keys';
import type { PolicyRegistry } from '../../src/policy/registry';
import { shippedProfiles } from './profiles';

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** the JSON the API answered with */
  body: any;
}

export interface RunningApi {
  baseUrl: string;
  /** a development token for `principal`, signed with this API's own temporary key */
  tokenFor(principal: Principal): Promise<string>;
  /** one JSON request; `token` becomes the bearer token, a string body is sent as it is */
  call(
    method: string,
    pathAndQuery: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  close(): Promise<void>;
}

/**
 * The real express app on a random loopback port, behind the real bearer-token check: each API
 * gets its own temporary development key, so tokens from one test file never work in another.
 */
export async function startApi(deps: {
  pool: Pool;
  client: Client;
  taskQueue: string;
  caseCallTimeoutMs?: number;
  codecEndpoint?: CodecEndpointOptions;
  documentMaxBytes?: number;
  /** the profiles new cases open under; unset: the shipped ones */
  profiles?: PolicyRegistry;
  /** the workflow service's clock (a time-skipping server's); unset: this machine's */
  workflowClock?: () => Promise<Date>;
  /** each case's data key, and the converter that seals with them; unset: the test key alone */
  caseKeys?: CaseDataKeys;
  historyConverter?: DataConverter;
}): Promise<RunningApi> {
  const keyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'api-test-key-'));
  const keyFile = path.join(keyDir, DEV_TOKEN_DEFAULTS.keyFileName);
  const { issuer, audience } = DEV_TOKEN_DEFAULTS;
  const { authenticate } = await createAuthenticator({ issuer, audience, devKeyFile: keyFile });
  const app = createApp({
    ...deps,
    caseCallTimeoutMs: deps.caseCallTimeoutMs ?? 30_000,
    logger: testLogger,
    readYourWriteTimeoutMs: 10_000,
    authenticate,
    historyConverter: deps.historyConverter ?? testDataConverter,
    recordsKeyring: testKeyring,
    documentMaxBytes: deps.documentMaxBytes ?? 20 * 1024 * 1024,
    profiles: deps.profiles ?? shippedProfiles,
  });
  const server: Server = await new Promise((resolve) => {
    const listening = createApiServer(app).listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    tokenFor: (principal) => issueDevToken({ keyFile, issuer, audience, ...principal, expiresIn: '1h' }),
    async call(method, pathAndQuery, { token, body, headers = {} } = {}) {
      const response = await fetch(`${baseUrl}${pathAndQuery}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
          ...headers,
        },
        // bytes as they are (a file that is not valid UTF-8), text as it is, anything else as JSON
        body:
          body === undefined || typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fs.rm(keyDir, { recursive: true, force: true });
    },
  };
}
