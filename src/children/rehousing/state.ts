import type { DeadlineTaskOf } from '../../deadlines/tasks';
import type { Deadline } from '../../deadlines/deadline';
import type { ChildContext, ChildStateBase } from '../kit';
import type { REHOUSING_OPTIONS } from './commands';

export interface RehousingInput extends ChildContext {
  requestId: string;
  requestedAt: string;
  immediateDanger: boolean;
}

export type RehousingTask = DeadlineTaskOf<'rehousing'>;
type RehousingOption = (typeof REHOUSING_OPTIONS)[number];

export interface RehousingState extends ChildStateBase {
  requestId: string;
  requestedAt: string;
  immediateDanger: boolean;
  status: string;
  temporaryAccommodation?: { placedAt: string; by: string; placementReference: string };
  appraisal?: { at: string; by: string; optionsConsidered: RehousingOption[]; chosen: RehousingOption };
  offers: {
    offerReference: string;
    kind: RehousingOption;
    recordedAt: string;
    decision?: 'accepted' | 'refused';
    reason?: string;
    decidedAt?: string;
  }[];
  localAuthorityDecisions: { decisionReference: string; decision: string; recordedAt: string }[];
  moveDate?: string;
  moved?: { at: string; by: string };
  deadlines: Deadline<RehousingTask>[];
}
