import type { PolicyProfile } from '../../policy/profile';
import { isAtLeast } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import type { SeriousIncidentApprovalCommand, SeriousIncidentReportCommand } from '../commands';
import type { CaseState } from '../state';

/** Why this serious-incident report cannot be raised; empty when it can. */
export function seriousIncidentReportRefusals(
  state: Pick<CaseState, 'profile' | 'incidents' | 'seriousIncidentReports'>,
  command: SeriousIncidentReportCommand,
): Refusal[] {
  const policy = (state.profile as Partial<PolicyProfile>).seriousIncidentReports;
  if (!policy)
    return [
      {
        type: 'NotPossible',
        message: `${state.profile.organisationName}'s policy names no serious-incident report: record the incident and refer it as the policy says`,
      },
    ];
  if (command.incidentNumber > state.incidents.length)
    return [
      {
        type: 'InvalidCommand',
        message: `incidentNumber: the case has ${state.incidents.length} recorded incident(s); record the incident first`,
      },
    ];
  const open = state.seriousIncidentReports?.find(
    (report) => report.incidentNumber === command.incidentNumber && report.status === 'awaiting_approval',
  );
  if (open)
    return [{ type: 'NotPossible', message: `report ${open.id} on this incident is already awaiting approval` }];
  return [];
}

/** Why this approval cannot be recorded: the profile's approver or above, never the report's author. */
export function seriousIncidentApprovalRefusals(
  state: Pick<CaseState, 'profile' | 'seriousIncidentReports'>,
  command: SeriousIncidentApprovalCommand,
): Refusal[] {
  const report = state.seriousIncidentReports?.find((candidate) => candidate.id === command.reportId);
  if (!report) return [{ type: 'NotPossible', message: `no serious-incident report ${command.reportId} on this case` }];
  if (report.status === 'approved')
    return [{ type: 'NotPossible', message: `report ${report.id} was already approved at ${report.approval!.at}` }];
  const approverRole = (state.profile as Partial<PolicyProfile>).seriousIncidentReports?.approverRole ?? 'da_lead';
  if (!isAtLeast(command.actor.role, approverRole))
    return [
      {
        type: 'NotPermitted',
        message: `a serious-incident report is approved by a ${approverRole.replaceAll('_', ' ')} or above`,
      },
    ];
  if (command.actor.staffId === report.by)
    return [
      { type: 'NotPermitted', message: 'a serious-incident report is approved by someone other than its author' },
    ];
  return [];
}
