import { getExternalWorkflowHandle, setHandler } from '@temporalio/workflow';
import { caseOfficerChangedSignal } from '../../children/kit';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { currentCaseOfficer, meetsGenderRequest, reassignmentRefusals } from '../rules/assignment';
import type { CaseAssignment } from '../state';
import { openChildren } from '../rules/children';
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
      // All at once: one that had already ended (its last report was stale) has no work left to pass on.
      await Promise.all(
        openChildren(state.children).map((child) =>
          getExternalWorkflowHandle(child.workflowId)
            .signal(caseOfficerChangedSignal, { caseOfficerId: assignment.toOfficerId })
            .catch(() => {
              child.open = false;
            }),
        ),
      );
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
