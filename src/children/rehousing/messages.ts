import { defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import { childMessages } from '../messages';
import type {
  LocalAuthorityDecisionCommand,
  MoveCompletedCommand,
  MoveDateCommand,
  OfferCommand,
  OfferDecisionCommand,
  OptionsAppraisalCommand,
  RehousingRequestCommand,
  TemporaryAccommodationCommand,
} from './commands';
import type { RehousingState } from './state';

const rehousing = childMessages<RehousingState>();

export const getRehousingQuery = rehousing.query('getRehousing');
export const recordTemporaryAccommodationUpdate =
  rehousing.staffAction<TemporaryAccommodationCommand>('recordTemporaryAccommodation');
export const recordOptionsAppraisalUpdate = rehousing.staffAction<OptionsAppraisalCommand>('recordOptionsAppraisal');
export const recordOfferUpdate = rehousing.staffAction<OfferCommand>('recordOffer');
export const recordOfferDecisionUpdate = rehousing.staffAction<OfferDecisionCommand>('recordOfferDecision');
export const recordMoveDateUpdate = rehousing.staffAction<MoveDateCommand>('recordMoveDate');
export const recordMoveCompletedUpdate = rehousing.staffAction<MoveCompletedCommand>('recordMoveCompleted');
export const localAuthorityDecisionUpdate =
  rehousing.partnerCallback<LocalAuthorityDecisionCommand>('localAuthorityDecision');

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestRehousingUpdate = defineUpdate<ChildStatus, [RehousingRequestCommand]>('requestRehousing');
