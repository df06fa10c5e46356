import type { OutboundContactRecord } from '../../contact/safe-contact';
import type { DeadlineTaskOf } from '../../deadlines/tasks';
import type { Deadline } from '../../deadlines/deadline';
import type { ChildContext, ChildStateBase } from '../kit';
import type { PartnerDelivery } from '../partner-gateway';

export interface RepairsInput extends ChildContext {
  orderId: string;
  requestedAt: string;
  /** the property the contractor attends, by the provider's reference */
  propertyReference: string;
  works: string[];
  securityScheme?: string;
}

export type RepairsTask = DeadlineTaskOf<'repairs'>;

export interface RepairsState extends ChildStateBase {
  orderId: string;
  requestedAt: string;
  works: string[];
  securityScheme?: string;
  status: string;
  /** recorded because every policy forbids charging the survivor for these works */
  chargeToSurvivorPence: 0;
  order?: { sentAt: string; delivery: PartnerDelivery };
  delays: {
    reportedAt: string;
    newCompletionBy: string;
    reason: string;
    survivorTold?: OutboundContactRecord;
  }[];
  contractorCompletion?: { completedAt: string; evidenceReference: string; recordedAt: string };
  survivorConfirmation?: { at: string; by: string; satisfied: boolean; note?: string };
  deadlines: Deadline<RepairsTask>[];
}
