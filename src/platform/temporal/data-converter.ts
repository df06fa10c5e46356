import { DefaultFailureConverter, type DataConverter, type PayloadCodec } from '@temporalio/common';

/**
 * Failure messages and stack traces are plain strings in history unless moved into an
 * (encrypted) payload; an error message may quote personal data, so they are encoded too.
 * Exported under the name the SDK requires for `failureConverterPath`. This module is also
 * bundled into the workflow sandbox, so it must import nothing but `@temporalio/common`
 * (and types).
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });

/** Pass to `bundleWorkflowCode({ failureConverterPath })` when prebuilding a workflow bundle. */
export const FAILURE_CONVERTER_PATH = __filename;

/** The same converter must be given to the Client and the Worker (and any codec endpoint). */
export function createDataConverter(codec: PayloadCodec): DataConverter {
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}
