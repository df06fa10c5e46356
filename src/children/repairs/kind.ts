import { uuid4 } from '@temporalio/workflow';
import { childKind, type OwnInput } from '../kind-declaration';
import { emergencyRepairsCommand, recordedEmergencyRepairsCommand } from './commands';
import { requestEmergencyRepairsUpdate } from './messages';
import type { RepairsInput } from './state';

/** Emergency repairs (target hardening) a case orders from the contractor; several may run side by side. */
export const repairsKind = childKind({
  kind: 'repairs',
  label: 'Emergency repairs',
  workflowType: 'repairsWorkflow',
  request: {
    update: requestEmergencyRepairsUpdate,
    command: emergencyRepairsCommand,
    recordedCommand: recordedEmergencyRepairsCommand,
    input: (command, starting): OwnInput<RepairsInput> => ({
      orderId: uuid4(),
      requestedAt: starting.now,
      propertyReference: starting.survivorReference,
      works: command.works,
      securityScheme: command.securityScheme,
    }),
  },
});
