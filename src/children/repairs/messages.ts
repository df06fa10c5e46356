import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChildStatus } from '../kit';
import type { CallbackReceipt } from '../messages';
import type {
  ContractorUpdateCommand,
  EmergencyRepairsCommand,
  SurvivorConfirmationCommand,
  SurvivorToldOfDelayCommand,
} from './commands';
import type { RepairsState } from './state';

export const getRepairsQuery = defineQuery<RepairsState>('getRepairs');
export const contractorUpdate = defineUpdate<CallbackReceipt<RepairsState>, [ContractorUpdateCommand]>(
  'contractorUpdate',
);
export const survivorToldOfDelayUpdate = defineUpdate<RepairsState, [SurvivorToldOfDelayCommand]>(
  'survivorToldOfDelay',
);
export const survivorConfirmationUpdate = defineUpdate<RepairsState, [SurvivorConfirmationCommand]>(
  'survivorConfirmation',
);

/** The case's Update by which staff ask for one (the case's workflow answers it, not this kind's). */
export const requestEmergencyRepairsUpdate = defineUpdate<ChildStatus, [EmergencyRepairsCommand]>(
  'requestEmergencyRepairs',
);
