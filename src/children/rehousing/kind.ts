import { uuid4 } from '@temporalio/workflow';
import { childKind, type OwnInput } from '../kind-declaration';
import { rehousingRequestCommand } from './commands';
import { requestRehousingUpdate } from './messages';
import type { RehousingInput } from './state';

/** Rehousing the survivor: temporary accommodation, offers, the move. */
export const rehousingKind = childKind({
  kind: 'rehousing',
  label: 'Rehousing',
  workflowType: 'rehousingWorkflow',
  request: {
    update: requestRehousingUpdate,
    command: rehousingRequestCommand,
    recordedCommand: rehousingRequestCommand,
    oneOpenAtATime: 'rehousing for this case is already under way',
    input: (_command, starting): OwnInput<RehousingInput> => ({
      requestId: uuid4(),
      requestedAt: starting.now,
      immediateDanger: starting.immediateDanger,
    }),
  },
});
