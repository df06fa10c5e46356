import { currentUpdateInfo, getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { settleChildSignal } from '../../children/kit';
import { parseCommand, reject, rejectFirst } from '../../platform/workflow/validation';
import { staffActionValidator } from '../../staff/staff-action-validator';
import * as commands from '../commands';
import * as messages from '../messages';
import { closureRefusals } from '../rules/closure';
import { openChildren } from '../rules/children';
import { reopeningRefusals, reopeningRequestOf } from '../rules/reopening';
import type { CaseReopeningRequest } from '../state';
import type { CaseContext } from './context';

/** Closing the case, by its profile's closure policy. */
export function registerClosure({ state, profile, now, publish, changeOf, actionAllowedWhenFull }: CaseContext): void {
  // Spelled out: each open child is signalled to settle before the closure is published.
  setHandler(
    messages.closeCaseUpdate,
    async (raw) => {
      const command = parseCommand(commands.closeCaseCommand, raw);
      const closure = {
        at: now(),
        by: command.actor.staffId,
        byRole: command.actor.role,
        reason: command.reason,
        survivorAgrees: command.survivorAgrees,
        ...(command.openChildren.length > 0 ? { openChildren: command.openChildren } : {}),
      };
      state.closure = closure;
      state.status = 'closed';
      // Closing the case settles what it started: each open child stops its deadlines and reports back.
      for (const child of openChildren(state.children)) {
        try {
          await getExternalWorkflowHandle(child.workflowId).signal(settleChildSignal, { reason: 'case_closed' });
        } catch {
          // It had already ended (its last report was stale): nothing is left to settle.
          child.open = false;
        }
      }
      await publish();
      return changeOf(closure);
    },
    {
      validator: actionAllowedWhenFull(commands.closeCaseCommand, (command) =>
        rejectFirst(closureRefusals(state, profile, command)),
      ),
    },
  );
}

/**
 * Reopening the closed case while its run still waits (for the feedback request): the Update only
 * records the request, and the workflow ends the run and starts the reopened one (continue-as-new),
 * so the reopened case has a new run of its own. Its answer is the case as the new run publishes it.
 */
export function registerReopening({ state, now }: CaseContext): { requested: () => CaseReopeningRequest | undefined } {
  let requested: CaseReopeningRequest | undefined;
  const validate = staffActionValidator(() => {
    if (requested) reject('NotPossible', 'the case is already being reopened');
  });
  setHandler(
    messages.reopenCaseUpdate,
    (raw) => {
      const command = parseCommand(commands.reopenCaseCommand, raw);
      // kept with the Update's id, so a keyed retry after the new run has started answers this reopening
      requested = reopeningRequestOf(command, now(), currentUpdateInfo()?.id);
      // The reopened run's first publication is the next version, and the case is open in it.
      return Promise.resolve({
        caseId: state.caseId,
        stateVersion: state.stateVersion + 1,
        status: 'open' as const,
        entry: requested,
      });
    },
    {
      validator: validate(commands.reopenCaseCommand, (command) =>
        rejectFirst(reopeningRefusals(state, command.actor, now())),
      ),
    },
  );
  return { requested: () => requested };
}
