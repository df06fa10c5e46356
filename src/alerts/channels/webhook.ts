import { createHmac, timingSafeEqual } from 'node:crypto';
import { type AlertMessage, DeliveryFailedError, DeliveryRejectedError, pickAlertFields } from '../alert';

export interface WebhookConfig {
  url: string;
  /** Shared secret for the HMAC signature; the receiver holds the same value. */
  secret: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const SIGNATURE_PREFIX = 'sha256=';

/**
 * POSTs the alert as JSON, signed so the receiver can tell it came from us and was not
 * replayed. The alertId travels as Idempotency-Key so a receiver can drop the duplicate that
 * an activity retry may send.
 */
export async function sendAlertWebhook(config: WebhookConfig, message: AlertMessage): Promise<{ status: number }> {
  const alert = pickAlertFields(message);
  const rawBody = JSON.stringify(alert);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const response = await postAlert(config.url, rawBody, timeoutMs, {
    'Content-Type': 'application/json',
    'X-Alert-Id': alert.alertId,
    'Idempotency-Key': alert.alertId,
    'X-Signature': signWebhookBody(config.secret, timestamp, rawBody),
    'X-Signature-Timestamp': timestamp,
  });
  // The receiver's body is never read or echoed; cancelling it frees the connection.
  await response.body?.cancel();
  if (response.ok) return { status: response.status };
  throw statusError(response.status);
}

/** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${rawBody}`. */
export function signWebhookBody(secret: string, timestamp: string, rawBody: string | Buffer): string {
  const hmac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody);
  return SIGNATURE_PREFIX + hmac.digest('hex');
}

/**
 * For receivers: checks the signature over the exact bytes received, in constant time, and
 * rejects timestamps more than `toleranceSeconds` away from `now` so a captured request
 * cannot be replayed later.
 */
export function verifyWebhookSignature(
  secret: string,
  timestampHeader: string | string[] | undefined,
  signatureHeader: string | string[] | undefined,
  rawBody: string | Buffer,
  now: number = Date.now(),
  toleranceSeconds = 300,
): boolean {
  if (typeof timestampHeader !== 'string' || typeof signatureHeader !== 'string') return false;
  if (!/^\d{1,12}$/.test(timestampHeader)) return false;
  if (Math.abs(now / 1000 - Number(timestampHeader)) > toleranceSeconds) return false;

  const expected = Buffer.from(signWebhookBody(secret, timestampHeader, rawBody));
  const received = Buffer.from(signatureHeader);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** Redirects are not followed: a signed alert goes only to the configured URL. */
async function postAlert(
  url: string,
  body: string,
  timeoutMs: number,
  headers: Record<string, string>,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = isTimeout(error) ? `timed out after ${timeoutMs} ms` : 'could not reach the receiver';
    throw new DeliveryFailedError(`webhook delivery of alert failed: ${reason}`, undefined, { cause: error });
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'TimeoutError';
}

/**
 * 5xx, 408 (request timeout) and 429 (rate limited) may pass on a later attempt. Any other
 * status (a 4xx, or a redirect to a URL we will not follow) needs a person to fix the
 * receiver or our configuration, so retrying would only repeat it.
 */
function statusError(status: number): DeliveryFailedError {
  const reason = `webhook receiver answered HTTP ${status}`;
  const retryable = status >= 500 || status === 408 || status === 429;
  return retryable ? new DeliveryFailedError(reason, status) : new DeliveryRejectedError(reason, status);
}
