import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PartnerGatewayConfig } from '../../src/activities';
import { verifyWebhookSignature } from '../../src/alerts/channels';

export interface PartnerRequest {
  path: string;
  idempotencyKey: string | undefined;
  signatureValid: boolean;
  body: Record<string, unknown>;
}

/**
 * Stands in for organisations outside ours (a repairs contractor, a MARAC coordinator) at the
 * network boundary: records each request, checks its signature, answers with a reference.
 */
export async function startPartnerStub(secret: string) {
  const requests: PartnerRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      requests.push({
        path: req.url ?? '',
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
        signatureValid: verifyWebhookSignature(
          secret,
          req.headers['x-signature-timestamp'],
          req.headers['x-signature'],
          raw,
        ),
        body: JSON.parse(raw),
      });
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ reference: `PARTNER-REF-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type PartnerStub = Awaited<ReturnType<typeof startPartnerStub>>;

export const partnerSecret = 'fictional-partner-signing-secret-0123456789';

/** The partner gateway configured to send works orders and MARAC referrals to `stub`. */
export function gatewayTo(stub: { url(path: string): string }): PartnerGatewayConfig {
  return {
    contractorId: 'contractor',
    maracCoordinatorId: 'marac-coordinator',
    localAuthorityId: 'local-authority',
    contractorUrl: stub.url('/works-orders'),
    maracCoordinatorUrl: stub.url('/referrals'),
    secret: partnerSecret,
  };
}
