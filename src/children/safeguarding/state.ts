import type { DeadlineTaskOf } from '../../deadlines/tasks';
import type { Deadline } from '../../deadlines/deadline';
import type { LawfulBasis } from '../../sharing/consent';
import type { ChildContext, ChildStateBase } from '../kit';
import type { SAFEGUARDING_OUTCOMES, SafeguardingSubject } from './commands';

export interface SafeguardingInput extends ChildContext {
  referralId: string;
  /** the household has children or an adult at risk (from the disclosure), or staff raised it */
  reason: 'household' | 'staff_raised';
  subjects: SafeguardingSubject[];
  raisedAt: string;
  /** staff who raised it, and their concern (staff_raised only) */
  raisedBy?: string;
  concern?: string;
}

export type SafeguardingTask = DeadlineTaskOf<'safeguarding'>;

export interface SafeguardingState extends ChildStateBase {
  referralId: string;
  reason: SafeguardingInput['reason'];
  subjects: SafeguardingSubject[];
  raisedAt: string;
  raisedBy?: string;
  concern?: string;
  status: string;
  referral?: {
    at: string;
    by: string;
    agency: string;
    agencyReference: string;
    survivorInformed: boolean;
    reasonNotInformed?: string;
    /** recorded in the sharing ledger (information_releases) as the referral is made */
    lawfulBasis: LawfulBasis;
  };
  acknowledgement?: { at: string; localAuthorityReference: string };
  outcome?: { at: string; localAuthorityReference: string; outcome: (typeof SAFEGUARDING_OUTCOMES)[number] };
  reviews: { at: string; by: string; summary: string }[];
  deadlines: Deadline<SafeguardingTask>[];
}
