import { setHandler } from '@temporalio/workflow';
import { rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { perpetratorActionOutcomeRefusals, perpetratorActionRefusals } from '../rules/perpetrator';
import type { PerpetratorAction } from '../state';
import type { CaseContext } from './context';

/** Actions about the perpetrator, each owned and followed to an outcome, the survivor's wishes recorded. */
export function registerPerpetratorActions({
  state,
  profile,
  now,
  deadlines,
  answeringChange,
  addsEntry,
  staffAction,
}: CaseContext): void {
  setHandler(
    messages.recordPerpetratorActionUpdate,
    answeringChange(commands.perpetratorActionCommand, (command) => {
      const actions = (state.perpetratorActions ??= []);
      const action: PerpetratorAction = {
        id: `pa${actions.length + 1}`,
        kind: command.kind,
        at: now(),
        by: command.actor.staffId,
        owner: command.owner,
        survivorAgrees: command.survivorAgrees,
        ...(command.safetyReason !== undefined && {
          safetyOverride: { by: command.actor.staffId, reason: command.safetyReason },
        }),
        status: 'open',
        ...(command.dueBy !== undefined && { dueBy: command.dueBy }),
        outcomes: [],
      };
      actions.push(action);
      if (command.dueBy !== undefined)
        deadlines.startFixed(
          'perpetratorAction',
          action.at,
          { kind: 'close_of_business', date: command.dueBy, setBy: command.actor.staffId },
          { subjectId: action.id },
        );
      return action;
    }),
    {
      validator: addsEntry(commands.perpetratorActionCommand, 'perpetratorActions', (command) =>
        perpetratorActionRefusals(profile, command, now()),
      ),
    },
  );

  setHandler(
    messages.recordPerpetratorActionOutcomeUpdate,
    answeringChange(commands.perpetratorActionOutcomeCommand, (command) => {
      const action = state.perpetratorActions!.find((candidate) => candidate.id === command.actionId)!;
      action.status = command.status;
      action.outcomes.push({ at: now(), by: command.actor.staffId, status: command.status, outcome: command.outcome });
      return action;
    }),
    {
      validator: staffAction(commands.perpetratorActionOutcomeCommand, (command) =>
        rejectFirst(perpetratorActionOutcomeRefusals(state, command)),
      ),
    },
  );
}
