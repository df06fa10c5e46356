import { patched, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { EscalationRung } from '../../policy';
import { createAlertRaiser } from '../../alerts/raise';
import { createDeadlineTracker, projectDeadlineOutcomes } from '../../deadlines/tracker';
import {
  breachedKey,
  caseOfficerKey,
  caseStatusKey,
  organisationKey,
  riskLevelKey,
} from '../../platform/temporal/search-attributes';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { createInFlightActivities } from '../../platform/workflow/in-flight-activities';
import { createUpdateHandlers } from '../../platform/workflow/update-handler';
import type { z } from 'zod';
import { reject, rejectFirst, type Refusal } from '../../platform/workflow/validation';
import { staffActionValidator } from '../../staff/staff-action-validator';
import type { Actor } from '../../staff/staff';
import { isBreached, isDeadlineSatisfied } from '../rules/deadlines';
import { roleTitle } from '../rules/roles';
import { repeatIncidentCount } from '../rules/incidents';
import { isUrgentCase } from '../rules/urgency';
import { currentCaseOfficer } from '../rules/assignment';
import { caseProjectionOf, type CaseChange, type CaseState, type CaseView } from '../state';
import { caseEntryLimitRefusal, jsonBytes, stateSizeRefusal, type CaseEntryKind } from '../state-bounds';
import type { CaseProjectionActivities } from '../activities';
import type { ScheduleActivities } from '../../deadlines/schedule';
import { urgentPolicyOf } from '../../policy/urgent';
import { safeguardingReferralMadeByChild } from '../../children/safeguarding/rules';

const activities = proxyRetriedActivities<CaseProjectionActivities & ScheduleActivities>();

/** Immediate danger out of hours reaches whoever is on call as well as the DA lead; added after cases were running. */
const IMMEDIATE_DANGER_ON_CALL_PATCH = 'immediate-danger-on-call';

/** What every handler of the case shares: its state, how a change is published, and the checks every staff action makes. */
export function createCaseContext(state: CaseState) {
  const { profile, disclosure } = state;
  const now = (): string => new Date().toISOString();
  // Activities started by deadline watchers and deliveries; continue-as-new waits for them.
  const inFlight = createInFlightActivities();

  const view = (): CaseView => ({
    ...state,
    workflowId: workflowInfo().workflowId,
    breached: isBreached(state),
    repeatIncidents: repeatIncidentCount(state.incidents, now()),
    safeguardingReferralRequired:
      (disclosure.survivor.childrenInHousehold || disclosure.survivor.adultAtRisk) &&
      state.safeguardingReferrals.length === 0 &&
      !safeguardingReferralMadeByChild(state.children),
  });

  /** Every state change goes to visibility (search attributes) and the PostgreSQL projection. */
  async function publish(): Promise<void> {
    state.stateVersion += 1;
    state.updatedAt = now();
    const current = caseProjectionOf(view());
    upsertSearchAttributes([
      { key: caseStatusKey, value: current.status },
      { key: riskLevelKey, value: current.riskLevel },
      { key: caseOfficerKey, value: current.caseOfficerId },
      { key: organisationKey, value: current.organisationId },
      { key: breachedKey, value: current.breached },
    ]);
    await inFlight.tracked(() => activities.projectCase(current));
    await projectDeadlineOutcomes(inFlight, {
      workflowId: current.workflowId,
      caseId: state.caseId,
      organisationId: disclosure.organisationId,
      policyProfile: profile.id,
      deadlines: state.deadlines,
    });
  }

  const raise = createAlertRaiser({
    caseId: state.caseId,
    organisationId: disclosure.organisationId,
    caseOfficerId: () => currentCaseOfficer(state),
    alerts: state.alerts,
    inFlight,
  });
  const deadlines = createDeadlineTracker({
    deadlines: state.deadlines,
    profile,
    isSatisfied: (deadline) => isDeadlineSatisfied(deadline, state),
    isSettled: () => state.status === 'closed',
    isUrgent: () => isUrgentCase(state),
    raise,
    publish,
    inFlight,
  });

  /**
   * The DA lead hears at once of immediate danger, whether said at disclosure or recorded later; out
   * of hours, whoever is on call hears too.
   */
  async function raiseImmediateDanger(): Promise<void> {
    await raise({
      kind: 'immediate_danger',
      task: 'disclosure',
      rung: 'da_lead',
      recipientRole: 'da_lead',
      recipientTitle: roleTitle(profile, 'da_lead', 'DA lead'),
    });
    if (!patched(IMMEDIATE_DANGER_ON_CALL_PATCH)) return;
    const { region, businessHours } = profile;
    const outOfHours = await inFlight.tracked(() => activities.isOutOfHours({ at: now(), region, businessHours }));
    if (!outOfHours) return;
    await raise({
      kind: 'immediate_danger',
      task: 'disclosure',
      rung: 'on_call',
      recipientRole: 'on_call',
      recipientTitle: urgentPolicyOf(profile).onCall.roleTitle,
    });
  }

  function assertOpen(): void {
    if (state.status !== 'open') reject('NotPossible', 'the case is closed');
  }
  /** An action that adds to the record must leave it small enough for Temporal to carry. */
  function assertRoomFor(raw: unknown): void {
    const refusal = stateSizeRefusal(jsonBytes(state), jsonBytes(raw));
    if (refusal) reject('NotPossible', refusal);
  }
  function assertOpenWithRoomFor(raw: unknown): void {
    assertOpen();
    assertRoomFor(raw);
  }
  function assertRoomForEntry(kind: CaseEntryKind): void {
    const refusal = caseEntryLimitRefusal(state, kind);
    if (refusal) reject('NotPossible', refusal);
  }

  const staffAction = staffActionValidator(assertOpenWithRoomFor);
  /** A staff action that adds an entry of `kind` to the record: there must be room for it, then no refusal. */
  const addsEntry = <Schema extends z.ZodType<{ actor: Actor }>>(
    schema: Schema,
    kind: CaseEntryKind,
    refusals?: (command: z.infer<Schema>) => readonly Refusal[],
  ) =>
    staffAction(schema, (command) => {
      assertRoomForEntry(kind);
      if (refusals) rejectFirst(refusals(command));
    });

  const update = createUpdateHandlers(publish, view);
  /** What a case action answers once its change is published: the entry, and the case's version and status. */
  const changeOf = <Entry>(entry: Entry): CaseChange<Entry> => ({
    caseId: state.caseId,
    stateVersion: state.stateVersion,
    status: state.status,
    entry,
  });
  /** A handler whose change records one entry, answering with it (not the whole case). */
  const answeringChange = <Schema extends z.ZodType, Entry>(
    schema: Schema,
    change: (command: z.infer<Schema>) => Entry,
  ) => {
    const recorded = update.answeringWith(schema, change);
    return async (raw: unknown): Promise<CaseChange<Entry>> => changeOf(await recorded(raw));
  };

  return {
    state,
    profile,
    disclosure,
    now,
    inFlight,
    view,
    publish,
    raise,
    raiseImmediateDanger,
    deadlines,
    roleTitle: (rung: EscalationRung, fallback: string): string => roleTitle(profile, rung, fallback),
    assertRoomForEntry,
    staffAction,
    addsEntry,
    // Closing and withdrawing consent add almost nothing, and a full case must still allow both.
    actionAllowedWhenFull: staffActionValidator(assertOpen),
    // After closure, only what its rule allows (the feedback); still bounded.
    closedCaseAction: staffActionValidator(assertRoomFor),
    update,
    changeOf,
    answeringChange,
  };
}

export type CaseContext = ReturnType<typeof createCaseContext>;
