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
 * Registers the case search attributes with the namespace; idempotent. One call per attribute,
 * because a server refuses a whole batch when any one of it exists, and the time-skipping test
 * server cannot list them. Works against the dev server, the test server and a self-hosted
 * cluster (Temporal Cloud registers them through its own control plane instead).
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  // Adding one that exists makes the server log a warning on every start: add only the missing.
  const existing = await existingSearchAttributes(connection, namespace);
  for (const key of caseSearchAttributes.filter((attribute) => !existing.has(attribute.name))) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: { [key.name]: indexedValueType[key.type]! },
      });
    } catch (error) {
      if (!(isGrpcServiceError(error) && error.code === grpcStatus.ALREADY_EXISTS)) throw error;
    }
  }
}

/** The namespace's custom search attribute names; none known when the server cannot list them (the test server). */
async function existingSearchAttributes(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(listed.customAttributes ?? {}));
  } catch (error) {
    if (isGrpcServiceError(error)) return new Set();
    throw error;
  }
}
