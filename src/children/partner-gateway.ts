import { ApplicationFailure } from '@temporalio/activity';
import type { Pool } from 'pg';
import { z } from 'zod';
import { signWebhookBody } from '../alerts/channels';
import type { MaracResearch } from './marac/commands';

/** Outbound calls to organisations outside ours: the repairs contractor and the MARAC coordinator. */
export interface PartnerGatewayConfig {
  /** the partner ids whose authenticated callbacks may answer each kind of request */
  contractorId: string;
  maracCoordinatorId: string;
  localAuthorityId: string;
  contractorUrl?: string;
  maracCoordinatorUrl?: string;
  /** signs every request (X-Signature), as alert webhooks are signed */
  secret?: string;
}

/** Without partner URLs every request is recorded as sent by staff through their own channel. */
export const defaultPartnerGateway: PartnerGatewayConfig = {
  contractorId: 'contractor',
  maracCoordinatorId: 'marac-coordinator',
  localAuthorityId: 'local-authority',
};

export interface WorksOrder {
  orderId: string;
  caseId: string;
  propertyReference: string;
  works: string[];
  securityScheme?: string;
  priority: 'emergency';
  /** always 0: the policies forbid charging a survivor for these works */
  chargeToSurvivorPence: 0;
  completeBy: string;
}

export interface MaracSubmission {
  referralId: string;
  caseId: string;
  organisationId: string;
  area: string;
  /** who represents us at that MARAC (the profile's), where the profile names its areas */
  representative?: string;
  reason: 'high_risk_assessment' | 'professional_judgement';
  repeatReferral: boolean;
  submittedAt: string;
  /** the coordinator's research questions, answered from the case, under the high-risk MARAC basis */
  research?: MaracResearch;
}

export type PartnerDelivery = { channel: 'gateway'; partnerReference: string } | { channel: 'manual' };

const partnerReceipt = z.object({ reference: z.string().min(1).max(200) });

/**
 * POSTs to a partner with the request id as Idempotency-Key, so Temporal's retries never raise
 * a second works order or referral. A 4xx is final (the request is wrong); anything else retries.
 */
async function postToPartner(
  url: string,
  secret: string | undefined,
  requestId: string,
  body: unknown,
): Promise<string> {
  const raw = JSON.stringify(body);
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': requestId,
      ...(secret ? { 'x-signature-timestamp': timestamp, 'x-signature': signWebhookBody(secret, timestamp, raw) } : {}),
    },
    body: raw,
    signal: AbortSignal.timeout(15_000),
    redirect: 'manual',
  });
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw ApplicationFailure.nonRetryable(
      `the partner refused the request with HTTP ${response.status}`,
      'PartnerRejected',
    );
  }
  if (!response.ok)
    throw ApplicationFailure.retryable(`the partner answered HTTP ${response.status}`, 'PartnerUnavailable');
  const receipt = partnerReceipt.safeParse(await response.json().catch(() => undefined));
  if (!receipt.success)
    throw ApplicationFailure.retryable('the partner answered without a reference', 'PartnerUnavailable');
  return receipt.data.reference;
}

export type PartnerKind = 'contractor' | 'marac_coordinator' | 'local_authority';

export function createPartnerGatewayActivities(pool: Pool, config: PartnerGatewayConfig) {
  const partnerIds: Record<PartnerKind, string> = {
    contractor: config.contractorId,
    marac_coordinator: config.maracCoordinatorId,
    local_authority: config.localAuthorityId,
  };
  return {
    /** Records which workflow awaits a partner's answer, so only that partner's callback reaches it. */
    async registerPartnerRequest(request: {
      requestId: string;
      partnerKind: PartnerKind;
      caseId: string;
      workflowId: string;
    }): Promise<void> {
      await pool.query(
        `INSERT INTO partner_requests (request_id, partner_kind, partner_id, case_id, workflow_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id) DO NOTHING`,
        [request.requestId, request.partnerKind, partnerIds[request.partnerKind], request.caseId, request.workflowId],
      );
    },
    async sendWorksOrder(order: WorksOrder): Promise<PartnerDelivery> {
      if (!config.contractorUrl) return { channel: 'manual' };
      return {
        channel: 'gateway',
        partnerReference: await postToPartner(config.contractorUrl, config.secret, order.orderId, order),
      };
    },
    async submitMaracReferral(submission: MaracSubmission): Promise<PartnerDelivery> {
      if (!config.maracCoordinatorUrl) return { channel: 'manual' };
      return {
        channel: 'gateway',
        partnerReference: await postToPartner(
          config.maracCoordinatorUrl,
          config.secret,
          submission.referralId,
          submission,
        ),
      };
    },
  };
}

/** What workflows call of these (as types only). */
export type PartnerGatewayActivities = ReturnType<typeof createPartnerGatewayActivities>;
