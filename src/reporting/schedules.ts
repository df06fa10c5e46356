import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type CalendarSpec,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { Queryable } from '../platform/db/queryable';
import type { Logger } from '../platform/logger';
import { REPORTING_PACK_KINDS, type PolicyProfile, type ReportingPackKind } from '../policy/profile';
import type { PolicyRegistry } from '../policy/registry';
import { reportingPacksOf } from '../policy/reporting-packs';
import { PACK_TIME_ZONE } from './periods';
import type { ReportingPackWorkflowInput } from './workflow';
import type * as bundle from '../workflows';

/**
 * One Temporal schedule per organisation and pack kind its profile names, each starting the pack
 * workflow (src/reporting/workflow.ts) early on the first day of the next period, UK time. Made
 * idempotently at start: created if absent, else updated to the profile as it stands; a kind the
 * profile no longer names has its schedule deleted.
 */

export const REPORTING_PACK_WORKFLOW = 'reportingPackWorkflow' satisfies keyof typeof bundle;

export const reportingScheduleId = (organisationId: string, kind: ReportingPackKind): string =>
  `reporting-pack/${organisationId}/${kind}`;

/** 02:00 UK time on the first day of each period (after the day's last projections, before anyone reads it). */
const CALENDARS: Record<ReportingPackKind, CalendarSpec> = {
  monthly: { dayOfMonth: 1, hour: 2, minute: 0, comment: 'the previous month' },
  quarterly: {
    month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'],
    dayOfMonth: 1,
    hour: 2,
    minute: 0,
    comment: 'the previous quarter',
  },
  annual: { month: 'JANUARY', dayOfMonth: 1, hour: 2, minute: 0, comment: 'the previous calendar year' },
};

export interface ReportingTarget {
  organisationId: string;
  profile: PolicyProfile;
}

/**
 * The organisations that get packs: each in the directory, under its profile, and each with cases
 * under a profile of its own id (as a case opens: src/case/open-case.ts). One whose profile is not
 * loaded is skipped (its cases cannot open either).
 */
export async function reportingTargets(
  db: Queryable,
  profiles: PolicyRegistry,
  logger?: Logger,
): Promise<ReportingTarget[]> {
  const { rows } = await db.query<{ organisation_id: string; policy_profile_id: string }>(
    `SELECT organisation_id, policy_profile_id FROM organisations
     UNION
     SELECT DISTINCT organisation_id, organisation_id FROM cases
     WHERE organisation_id NOT IN (SELECT organisation_id FROM organisations)
     ORDER BY 1`,
  );
  return rows.flatMap((row) => {
    const profile = profiles.get(row.policy_profile_id);
    if (!profile)
      logger?.warn(
        { organisationId: row.organisation_id, profileId: row.policy_profile_id },
        'no reporting-pack schedules for an organisation whose policy profile is not loaded',
      );
    return profile ? [{ organisationId: row.organisation_id, profile }] : [];
  });
}

function scheduleOf(target: ReportingTarget, kind: ReportingPackKind, taskQueue: string) {
  const input: ReportingPackWorkflowInput = {
    organisationId: target.organisationId,
    policyProfile: target.profile.id,
    kind,
    smallCountThreshold: reportingPacksOf(target.profile).smallCountThreshold,
  };
  const action: ScheduleOptionsStartWorkflowAction<(input: ReportingPackWorkflowInput) => Promise<unknown>> = {
    type: 'startWorkflow',
    workflowType: REPORTING_PACK_WORKFLOW,
    workflowId: reportingScheduleId(target.organisationId, kind),
    taskQueue,
    args: [input],
  };
  return {
    spec: { calendars: [CALENDARS[kind]], timezone: PACK_TIME_ZONE },
    action,
    // A worker down at 02:00 still produces the pack when it is back within the week; never two at once.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' as const },
  };
}

/** Creates or updates each target's schedules; returns their ids. */
export async function ensureReportingSchedules(
  client: Client,
  options: { taskQueue: string; targets: readonly ReportingTarget[]; logger?: Logger },
): Promise<string[]> {
  const ensured: string[] = [];
  for (const target of options.targets) {
    const kinds = reportingPacksOf(target.profile).periods;
    for (const kind of REPORTING_PACK_KINDS) {
      const scheduleId = reportingScheduleId(target.organisationId, kind);
      if (!kinds.includes(kind)) {
        await client.schedule
          .getHandle(scheduleId)
          .delete()
          .catch((error: unknown) => {
            if (!(error instanceof ScheduleNotFoundError)) throw error;
          });
        continue;
      }
      const schedule = scheduleOf(target, kind, options.taskQueue);
      const note = `${kind} reporting pack, ${target.profile.id} ${target.profile.version}`;
      try {
        await client.schedule.create({ scheduleId, ...schedule, state: { note } });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await client.schedule.getHandle(scheduleId).update((previous) => ({
          ...schedule,
          state: { ...previous.state, note },
        }));
      }
      ensured.push(scheduleId);
    }
  }
  options.logger?.info({ schedules: ensured.length }, 'reporting-pack schedules ensured');
  return ensured;
}

/** The schedules for the organisations as the database and the loaded profiles have them now. */
export async function startReportingSchedules(deps: {
  client: Client;
  db: Queryable;
  profiles: PolicyRegistry;
  taskQueue: string;
  logger?: Logger;
}): Promise<string[]> {
  const targets = await reportingTargets(deps.db, deps.profiles, deps.logger);
  return ensureReportingSchedules(deps.client, { taskQueue: deps.taskQueue, targets, logger: deps.logger });
}

/**
 * Ensures schedules where a failure must not be fatal (a process's start, an admin's directory
 * change): a schedule the service refuses never keeps the worker from the cases' own work, or undoes
 * a stored change; it is logged, and the next start tries again.
 */
async function ensuredOrLogged(logger: Logger, ensure: () => Promise<unknown>): Promise<void> {
  try {
    await ensure();
  } catch (error) {
    logger.error({ err: error }, 'the reporting-pack schedules could not be ensured; packs wait for the next start');
  }
}

/** startReportingSchedules as a process's start runs it. */
export const startReportingSchedulesAtStart = (
  deps: Parameters<typeof startReportingSchedules>[0] & { logger: Logger },
): Promise<void> => ensuredOrLogged(deps.logger, () => startReportingSchedules(deps));

/** An organisation just stored in the directory gets its schedules at once, not at the next start. */
export const organisationSchedulesOnSave =
  (deps: { client: Client; profiles: PolicyRegistry; taskQueue: string; logger: Logger }) =>
  async (organisationId: string, policyProfileId: string): Promise<void> => {
    const profile = deps.profiles.get(policyProfileId);
    if (!profile) return;
    await ensuredOrLogged(deps.logger, () =>
      ensureReportingSchedules(deps.client, {
        taskQueue: deps.taskQueue,
        targets: [{ organisationId, profile }],
        logger: deps.logger,
      }),
    );
  };
