import { setHandler } from '@temporalio/workflow';
import { settleChildSignal } from '../../children/kit';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { closureRefusals } from '../rules/closure';
import { signalOpenChildren } from './children';
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
      await signalOpenChildren(state.children, settleChildSignal, { reason: 'case_closed' });
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
