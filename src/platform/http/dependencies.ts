import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { Logger } from '../logger';
import type { CaseDataKeys } from '../crypto/case-keys';
import type { RecordKeys } from '../crypto/records';
import type { CodecKeyring } from '../temporal/codec';

/** What every router of the API is built from (src/api.ts makes them; the entry points supply these). */
export interface ApiDependencies {
  pool: Pool;
  client: Client;
  taskQueue: string;
  logger: Logger;
  /** how long POST /cases waits for the worker to record a new case before answering 202 */
  readYourWriteTimeoutMs: number;
  /** bearer-token verification (createAuthenticator, src/platform/http/authenticate.ts); sets the principal on the request */
  authenticate: RequestHandler;
  /** how long a request waits for a case's workflow to answer an Update or Query before 503 */
  caseCallTimeoutMs: number;
  /** decrypts payloads for history export and replay (the same converter the worker uses) */
  historyConverter: DataConverter;
  /** seals what the product keeps of a case outside Temporal (notes): the payload encryption keys */
  recordsKeyring: CodecKeyring;
  /**
   * each case's data key (src/privacy/case-keys.ts), which seals its notes and documents and, in the
   * converter, its payloads; unset (some tests), records are sealed under the keyring as before
   */
  caseKeys?: CaseDataKeys;
  /** the largest document upload accepted, in bytes */
  documentMaxBytes: number;
  /**
   * The workflow service's time, for a rule the API asks of a finished run in its stead (reopening):
   * unset, this machine's clock; a time-skipping test server's clock runs ahead of it.
   */
  workflowClock?: () => Promise<Date>;
}

/** What seals and opens a case's records (notes, documents). */
export const recordKeysOf = (deps: Pick<ApiDependencies, 'recordsKeyring' | 'caseKeys'>): RecordKeys => ({
  keyring: deps.recordsKeyring,
  ...(deps.caseKeys && { caseKeys: deps.caseKeys }),
});
