import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { createApp } from '../../src/api/app';
import { testLogger } from './temporal';

export interface RunningApi {
  baseUrl: string;
  close(): Promise<void>;
}

/** The real express app on a random loopback port. */
export async function startApi(deps: { pool: Pool; client: Client; taskQueue: string }): Promise<RunningApi> {
  const app = createApp({ ...deps, logger: testLogger, readYourWriteTimeoutMs: 10_000 });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
