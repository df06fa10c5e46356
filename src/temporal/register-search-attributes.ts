import { status as grpcStatus } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { isGrpcServiceError } from '@temporalio/client';
import { caseSearchAttributes } from './search-attributes';

const indexedValueType: Record<string, temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Registers the case search attributes with the namespace; idempotent. Works against the dev
 * server, the time-skipping test server and a self-hosted cluster (Temporal Cloud registers them
 * through its own control plane instead).
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = caseSearchAttributes.filter((key) => !known.has(key.name));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, indexedValueType[key.type]!])),
    });
  } catch (error) {
    // another process registered them first
    if (!(isGrpcServiceError(error) && error.code === grpcStatus.ALREADY_EXISTS)) throw error;
  }
}
