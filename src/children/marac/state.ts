import type { DeadlineTaskOf } from '../../deadlines/tasks';
import type { Deadline } from '../../deadlines/deadline';
import type { ChildContext, ChildStateBase } from '../kit';
import type { PartnerDelivery } from '../partner-gateway';
import type { MaracResearch } from './commands';

export interface MaracReferralInput extends ChildContext {
  referralId: string;
  reason: 'high_risk_assessment' | 'professional_judgement';
  referredAt: string;
  /** the provider's reference for the survivor, to find an earlier referral (stored only as a hash) */
  survivorReference: string;
}

export type MaracTask = DeadlineTaskOf<'marac'>;

export interface MaracAction {
  actionId: string;
  description: string;
  dueDate: string;
  completedAt?: string;
  completedBy?: string;
}

export interface MaracReferralState extends ChildStateBase {
  referralId: string;
  reason: MaracReferralInput['reason'];
  referredAt: string;
  status: string;
  repeat?: { repeat: boolean; previousReferralAt?: string };
  submission?: {
    at: string;
    by: string;
    area: string;
    survivorInformed: boolean;
    reasonNotInformed?: string;
    delivery: PartnerDelivery;
    /** the area's MARAC and who represents us there, from the profile; absent where it names no areas */
    maracArea?: { name: string; representative: string };
    /** the research sent, and the basis it went under; absent on submissions from before it was sent */
    research?: MaracResearch;
    sharedUnder?: 'high_risk_marac';
  };
  meeting?: { date: string; recordedAt: string; earlierDates: string[] };
  outcome?: { recordedAt: string; actions: MaracAction[] };
  deadlines: Deadline<MaracTask>[];
}
