import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import type { CallbackReceipt } from '../messages';
import type {
  RehousingRequestCommand,
  LocalAuthorityDecisionCommand,
  MoveCompletedCommand,
  MoveDateCommand,
  OfferCommand,
  OfferDecisionCommand,
  OptionsAppraisalCommand,
  TemporaryAccommodationCommand,
} from './commands';
import type { RehousingState } from './state';

export const getRehousingQuery = defineQuery<RehousingState>('getRehousing');
export const recordTemporaryAccommodationUpdate = defineUpdate<RehousingState, [TemporaryAccommodationCommand]>(
  'recordTemporaryAccommodation',
);
export const recordOptionsAppraisalUpdate = defineUpdate<RehousingState, [OptionsAppraisalCommand]>(
  'recordOptionsAppraisal',
);
export const recordOfferUpdate = defineUpdate<RehousingState, [OfferCommand]>('recordOffer');
export const recordOfferDecisionUpdate = defineUpdate<RehousingState, [OfferDecisionCommand]>('recordOfferDecision');
export const recordMoveDateUpdate = defineUpdate<RehousingState, [MoveDateCommand]>('recordMoveDate');
export const recordMoveCompletedUpdate = defineUpdate<RehousingState, [MoveCompletedCommand]>('recordMoveCompleted');
export const localAuthorityDecisionUpdate = defineUpdate<
  CallbackReceipt<RehousingState>,
  [LocalAuthorityDecisionCommand]
>('localAuthorityDecision');

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestRehousingUpdate = defineUpdate<ChildStatus, [RehousingRequestCommand]>('requestRehousing');
