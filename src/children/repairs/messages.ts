import { defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import { childMessages } from '../messages';
import type {
  ContractorUpdateCommand,
  EmergencyRepairsCommand,
  SurvivorConfirmationCommand,
  SurvivorToldOfDelayCommand,
} from './commands';
import type { RepairsState } from './state';

const repairs = childMessages<RepairsState>();

export const getRepairsQuery = repairs.query('getRepairs');
export const contractorUpdate = repairs.partnerCallback<ContractorUpdateCommand>('contractorUpdate');
export const survivorToldOfDelayUpdate = repairs.staffAction<SurvivorToldOfDelayCommand>('survivorToldOfDelay');
export const survivorConfirmationUpdate = repairs.staffAction<SurvivorConfirmationCommand>('survivorConfirmation');

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestEmergencyRepairsUpdate = defineUpdate<ChildStatus, [EmergencyRepairsCommand]>(
  'requestEmergencyRepairs',
);
