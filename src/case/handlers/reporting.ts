import { setHandler } from '@temporalio/workflow';
import * as commands from '../commands';
import * as messages from '../messages';
import { notificationRefusals, sharedUnderOf } from '../rules/notifications';
import { seriousIncidentApprovalRefusals, seriousIncidentReportRefusals } from '../rules/serious-incidents';
import { rejectFirst } from '../../platform/workflow/validation';
import type { CaseNotification, SeriousIncidentReport } from '../state';
import type { CaseContext } from './context';

/** Who was told of the case (the notifications ledger) and serious-incident reports to their approval. */
export function registerReporting({
  state,
  profile,
  now,
  deadlines,
  answeringChange,
  addsEntry,
  staffAction,
}: CaseContext): void {
  setHandler(
    messages.recordNotificationUpdate,
    answeringChange(commands.notificationCommand, (command) => {
      const notifications = (state.notifications ??= []);
      const notification: CaseNotification = {
        id: `nt${notifications.length + 1}`,
        recipient: command.recipient,
        notifiedAt: command.notifiedAt,
        method: command.method,
        at: now(),
        by: command.actor.staffId,
        ...(command.toStaffId !== undefined && { toStaffId: command.toStaffId }),
        ...(command.referralForSupport && { referralForSupport: true }),
        ...(command.sharingRequestId !== undefined && { sharedUnder: sharedUnderOf(state, command.sharingRequestId) }),
      };
      notifications.push(notification);
      return notification;
    }),
    {
      validator: addsEntry(commands.notificationCommand, 'notifications', (command) =>
        notificationRefusals(state, command, now()),
      ),
    },
  );

  setHandler(
    messages.raiseSeriousIncidentReportUpdate,
    answeringChange(commands.seriousIncidentReportCommand, (command) => {
      const reports = (state.seriousIncidentReports ??= []);
      const report: SeriousIncidentReport = {
        id: `sir${reports.length + 1}`,
        incidentNumber: command.incidentNumber,
        category: command.category,
        summary: command.summary,
        at: now(),
        by: command.actor.staffId,
        status: 'awaiting_approval',
      };
      reports.push(report);
      deadlines.start('seriousIncidentReport', report.at, profile.seriousIncidentReports!.reportWithin, {
        subjectId: report.id,
      });
      return report;
    }),
    {
      validator: addsEntry(commands.seriousIncidentReportCommand, 'seriousIncidentReports', (command) =>
        seriousIncidentReportRefusals(state, command),
      ),
    },
  );

  setHandler(
    messages.approveSeriousIncidentReportUpdate,
    answeringChange(commands.seriousIncidentApprovalCommand, (command) => {
      const report = state.seriousIncidentReports!.find((candidate) => candidate.id === command.reportId)!;
      report.status = 'approved';
      report.approval = {
        at: now(),
        by: command.actor.staffId,
        byRole: command.actor.role,
        ...(command.comments !== undefined && { comments: command.comments }),
      };
      return report;
    }),
    {
      validator: staffAction(commands.seriousIncidentApprovalCommand, (command) =>
        rejectFirst(seriousIncidentApprovalRefusals(state, command)),
      ),
    },
  );
}
