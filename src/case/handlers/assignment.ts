import { setHandler } from '@temporalio/workflow';
import { caseOfficerChangedSignal } from '../../children/kit';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { currentCaseOfficer, meetsGenderRequest, reassignmentRefusals } from '../rules/assignment';
import type { CaseAssignment } from '../state';
import { signalOpenChildren } from './children';
import type { CaseContext } from './context';

/**
 * Passing the case to another officer. Its alerts ask who holds the case when raised, so the open
 * deadlines' next reminders and escalations follow the new officer; each open child is told too.
 */
export function registerReassignment({ state, disclosure, now, publish, changeOf, staffAction }: CaseContext): void {
  setHandler(
    messages.reassignCaseUpdate,
    async (raw) => {
      const command = parseCommand(commands.reassignCaseCommand, raw);
      const requested = disclosure.requestedOfficerGender;
      const assignment: CaseAssignment = {
        at: now(),
        by: command.actor.staffId,
        fromOfficerId: currentCaseOfficer(state),
        toOfficerId: command.toOfficerId,
        reason: command.reason,
        ...(requested !== 'no_preference' && {
          genderPreference: {
            requested,
            met: meetsGenderRequest(requested, command.toOfficer?.gender ?? null),
            ...(command.genderPreferenceException !== undefined && { exception: command.genderPreferenceException }),
          },
        }),
      };
      (state.assignments ??= []).push(assignment);
      await signalOpenChildren(state.children, caseOfficerChangedSignal, { caseOfficerId: assignment.toOfficerId });
      await publish();
      return changeOf(assignment);
    },
    {
      validator: staffAction(commands.reassignCaseCommand, (command) =>
        rejectFirst(reassignmentRefusals(state, command)),
      ),
    },
  );
}
