import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CallbackReceipt } from '../messages';
import type { ContractorUpdateCommand, SurvivorConfirmationCommand, SurvivorToldOfDelayCommand } from './commands';
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
