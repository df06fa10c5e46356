import { incidentSummary } from './rules/incidents';
import { DateTime } from 'luxon';
import { CHILD_KIND_LABELS } from '../children/kinds';
import { childTimelineOf, type ChildWorkflowState } from '../children/registry';
import { LAWFUL_BASIS_LABELS } from '../sharing/consent';
import type { RiskReason } from './risk';
import { describeTimescale } from '../deadlines/timescale';
import { taskLabel } from '../deadlines/tasks';
import type { CaseClosure, CaseView } from './state';
import type { OutboundContactRecord } from '../contact/safe-contact';
import { SAFETY_PLAN_OUTCOMES } from './commands';
import type { CaseAlertSummary } from '../alerts/alert';
import type { ChildStatus } from '../children/kit';
import type { Deadline } from '../deadlines/deadline';
import {
  words,
  yesNo,
  type LocalTime,
  type TimelineEntry,
  type WorkflowEntry,
} from '../platform/workflow/timeline-entry';

/**
 * A case's timeline for auditors: what happened, when, and who did it, in order — the disclosure,
 * every staff action, every deadline (its due time, the rule and calendar version that produced it,
 * and whether it was met), every reminder and escalation rung, and each child workflow's events.
 *
 * Built from the workflows' own state (the case's `getCase` query and each child's), never from
 * logs. It names staff by id and agencies, bases and reasons as recorded; it never repeats the
 * survivor's reference, safe word or the perpetrator's reference, nor placement or offer references
 * (where someone lives), so a timeline can be read without exposing the survivor.
 */

const basisLabel = (basis: string): string =>
  basis === 'consent'
    ? "the survivor's consent"
    : (LAWFUL_BASIS_LABELS[basis as keyof typeof LAWFUL_BASIS_LABELS] ?? basis);

const RUNG_LABELS: Record<string, string> = {
  line_manager: 'line manager',
  da_lead: 'DA lead',
  head_of_service: 'head of service',
  repairs_manager: 'repairs manager',
  safeguarding_lead: 'safeguarding lead',
  case_officer: 'case officer',
  on_call: 'on call',
};
const rungLabel = (rung: string): string => RUNG_LABELS[rung] ?? rung.replace(/_/g, ' ');
/** "Initial contact" → "initial contact", but "DASH risk assessment" stays as it is. */
const inSentence = (label: string): string =>
  /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;

const iso = (at: string): string => {
  const parsed = Date.parse(at);
  return Number.isNaN(parsed) ? at : new Date(parsed).toISOString();
};

function reasonText(reason: RiskReason): string {
  switch (reason.kind) {
    case 'visible_high_risk':
      return `visible high risk (${reason.yesCount} "yes" answers)`;
    case 'score_band':
      return `${reason.band} score band (${reason.yesCount} "yes" answers)`;
    case 'potential_escalation':
      return `potential escalation (${reason.policeCallOuts} police call-outs in 12 months)`;
    case 'professional_judgement':
      return 'professional judgement';
    case 'partner_assessment':
      return `${reason.agency}'s DASH of ${reason.assessedOn}: ${reason.riskLevel}`;
  }
}

/** The timeline of a case and its children, oldest first (entries at the same instant keep their order). */
export function caseTimeline(view: CaseView, childStates: readonly ChildWorkflowState[] = []): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const zone = view.profile.businessHours.timeZone;
  const local = (at: string): string => {
    const time = DateTime.fromISO(iso(at), { zone });
    return time.isValid ? `${time.toFormat('ccc d LLL yyyy HH:mm')} ${zone}` : at;
  };
  const push: Push = (workflowId, at, code, what, detail, actor) => {
    if (!at) return;
    entries.push({ at: iso(at), ...(actor ? { actor } : {}), what, detail, code, workflowId });
  };

  // --- the case ------------------------------------------------------------------------------
  const caseId = view.workflowId;
  const { disclosure, profile } = view;
  const caseEntry = (at: string | undefined, code: string, what: string, detail: string, actor?: string) =>
    push(caseId, at, code, what, detail, actor);

  caseEntry(
    view.openedAt,
    'case.disclosure',
    'Disclosure received',
    [
      `reported by the ${words(disclosure.reporter)} via ${words(disclosure.channel)}` +
        (disclosure.disclosedAt ? ` (disclosed ${local(disclosure.disclosedAt)})` : ''),
      `organisation ${disclosure.organisationId}, policy profile ${profile.id} ${profile.version}`,
      `case officer ${disclosure.caseOfficerId}, team ${disclosure.teamId}`,
      `immediate danger: ${yesNo(disclosure.immediateDanger)}`,
      `children in household: ${yesNo(disclosure.survivor.childrenInHousehold)}, adult at risk: ${yesNo(disclosure.survivor.adultAtRisk)}`,
      `perpetrator resident: ${yesNo(disclosure.perpetrator.isResident)}`,
      `safe contact: ${disclosure.safeContact.channels.map(words).join(', ')}; letters safe: ${yesNo(disclosure.safeContact.lettersSafe)}; ` +
        `voicemail safe: ${yesNo(disclosure.safeContact.voicemailSafe)}; safe word ${disclosure.safeContact.safeWord ? 'recorded' : 'not recorded'}`,
      ...(disclosure.linkedToCaseId ? [`follows the earlier closed case ${disclosure.linkedToCaseId}`] : []),
    ].join('; '),
  );

  /** How an outbound step reached the survivor, and who went outside their safe-contact profile and why. */
  const reached = (contact: OutboundContactRecord) =>
    `by ${words(contact.channel)}${contact.leftVoicemail ? ', voicemail left' : ''}` +
    (contact.override
      ? `; outside the safe-contact profile, overridden by ${contact.override.by}: ${contact.override.justification}`
      : '');
  for (const attempt of view.contactAttempts) {
    caseEntry(
      attempt.at,
      'case.contact_attempt',
      'Contact attempt',
      `${words(attempt.outcome)} ${reached(attempt)}`,
      attempt.by,
    );
  }
  // the survivor's own comments stay in the case's state, not in the auditors' timeline
  for (const contact of view.feedback ?? []) {
    const { answers } = contact;
    caseEntry(
      contact.at,
      'case.feedback',
      'Feedback asked for',
      `${words(contact.outcome)} ${reached(contact)}` +
        (answers
          ? `; handled well: ${answers.handledWell}` + (answers.feltSafer ? `, felt safer: ${answers.feltSafer}` : '')
          : ''),
      contact.by,
    );
  }
  for (const action of view.perpetratorActions ?? []) {
    const owner = action.owner.staffId ?? [action.owner.agency, action.owner.role].filter(Boolean).join(', ');
    caseEntry(
      action.at,
      'case.perpetrator_action',
      `Perpetrator action: ${words(action.kind)}`,
      `${action.id}, owned by ${owner}; survivor agrees: ${yesNo(action.survivorAgrees)}` +
        (action.dueBy ? `; due by ${action.dueBy}` : '') +
        (action.safetyOverride
          ? `; taken for the survivor's safety on ${action.safetyOverride.by}'s reason: ${action.safetyOverride.reason}`
          : ''),
      action.by,
    );
    for (const progress of action.outcomes) {
      caseEntry(
        progress.at,
        'case.perpetrator_action_outcome',
        `Perpetrator action ${words(progress.status)}: ${words(action.kind)}`,
        `${action.id}: ${progress.outcome}`,
        progress.by,
      );
    }
  }
  for (const assignment of view.assignments ?? []) {
    const preference = assignment.genderPreference;
    caseEntry(
      assignment.at,
      'case.reassigned',
      'Case reassigned',
      `case officer ${assignment.fromOfficerId} until now, ${assignment.toOfficerId} from now: ${assignment.reason}` +
        (preference
          ? preference.met
            ? `; meets the survivor’s request for a ${preference.requested} officer`
            : `; does not meet the survivor’s request for a ${preference.requested} officer, because: ${preference.exception ?? 'no reason recorded'}`
          : ''),
      assignment.by,
    );
  }
  for (const change of view.safeContact?.changes ?? []) {
    caseEntry(change.at, 'case.safe_contact', 'Safe-contact profile updated', 'agreed with the survivor', change.by);
  }
  for (const assessment of view.assessments) {
    const score = assessment.yesCount === null ? 'no score given' : `${assessment.yesCount} of 24 "yes"`;
    caseEntry(
      assessment.at,
      'case.dash',
      'DASH risk assessment',
      `${assessment.level} risk (${words(assessment.kind)}, ${score}); reasons: ${assessment.reasons.map(reasonText).join('; ') || 'none recorded'}`,
      assessment.by,
    );
  }
  if (view.marac.requiredSince) {
    caseEntry(
      view.marac.requiredSince,
      'case.marac_required',
      'MARAC referral required',
      'the risk or professional judgement calls for a MARAC referral',
    );
  }
  if (view.safetyPlan) {
    const { measures } = view.safetyPlan;
    const count = measures.length;
    // Option labels are the profile's words; free text stays in the plan, not the timeline.
    const options = measures.flatMap((measure) => (measure.label ? [measure.label] : []));
    const freeText = measures.filter((measure) => !measure.label).length;
    caseEntry(
      view.safetyPlan.agreedAt,
      'case.safety_plan',
      'Safety plan agreed',
      `agreed with the survivor: ${count} ${count === 1 ? 'measure' : 'measures'}` +
        (options.length > 0 ? ` (${options.join('; ')}${freeText > 0 ? `; ${freeText} in free text` : ''})` : ''),
      view.safetyPlan.by,
    );
    for (const review of view.safetyPlan.reviews ?? []) {
      const tally = SAFETY_PLAN_OUTCOMES.map(
        (outcome) => [outcome, review.outcomes.filter((entry) => entry.outcome === outcome).length] as const,
      )
        .filter(([, n]) => n > 0)
        .map(([outcome, n]) => `${n} ${outcome}`)
        .join(', ');
      caseEntry(review.at, 'case.safety_plan_review', 'Safety plan reviewed', `with the survivor: ${tally}`, review.by);
    }
  }
  view.incidents.forEach((incident, index) => {
    caseEntry(
      incident.recordedAt,
      'case.incident',
      'Incident recorded',
      incidentSummary(incident, index + 1, local),
      incident.by,
    );
  });
  for (const notification of view.notifications ?? []) {
    const shared = notification.sharedUnder;
    caseEntry(
      notification.at,
      'case.notification',
      notification.referralForSupport
        ? `Referred for support: ${words(notification.recipient)}`
        : `Notified: ${words(notification.recipient)}`,
      `${notification.id}, at ${local(notification.notifiedAt)} by ${words(notification.method)}` +
        (shared
          ? `; ${shared.agency}, for ${shared.purpose}, under ${basisLabel(shared.basis)} (sharing request ${shared.requestId})`
          : notification.toStaffId
            ? `; ${notification.toStaffId}`
            : ''),
      notification.by,
    );
  }
  for (const report of view.seriousIncidentReports ?? []) {
    caseEntry(
      report.at,
      'case.serious_incident_report',
      'Serious-incident report raised',
      `${report.id}, on incident ${report.incidentNumber}: ${words(report.category)}`,
      report.by,
    );
    if (report.approval)
      caseEntry(
        report.approval.at,
        'case.serious_incident_report_approved',
        'Serious-incident report approved',
        `${report.id}, approved by the ${rungLabel(report.approval.byRole)}`,
        report.approval.by,
      );
  }
  if (view.immediateDanger) {
    caseEntry(
      view.immediateDanger.at,
      'case.immediate_danger',
      'Immediate danger recorded',
      `police called: ${yesNo(view.immediateDanger.policeCalled)}; the DA lead alerted and open deadlines made urgent`,
      view.immediateDanger.by,
    );
  }
  for (const referral of view.safeguardingReferrals) {
    caseEntry(
      referral.at,
      'case.safeguarding_referral',
      'Safeguarding referral',
      `${words(referral.subject)} referred to ${referral.agency} (lawful without consent)`,
      referral.by,
    );
  }

  // sharing: requests, consent decisions, approvals and releases
  for (const entry of view.sharing.requests) {
    const { request } = entry;
    const outcome =
      entry.status === 'released'
        ? 'released (see below)'
        : entry.status === 'blocked'
          ? `blocked: ${entry.blockedReason ?? 'no reason recorded'}`
          : entry.status === 'authorised'
            ? 'authorised, not yet sent'
            : 'awaiting the survivor’s decision';
    caseEntry(
      request.requestedAt,
      'case.sharing_requested',
      'Sharing requested',
      `to ${request.agency} for ${request.purpose} (${request.dataCategories.join(', ')}); request ${request.id}; now ${outcome}` +
        (request.recipientIsPerpetrator ? '; the recipient is or acts for the perpetrator' : ''),
      request.requestedBy,
    );
    if (entry.release) {
      const release = entry.release;
      const basis =
        release.basis === 'consent'
          ? `${basisLabel('consent')} (consent ${release.consentId ?? 'unrecorded'})`
          : `lawful basis: ${basisLabel(release.basis)}, approved by ${release.approvedBy ?? 'nobody recorded'}`;
      caseEntry(
        release.at,
        'case.information_released',
        'Information released',
        `to ${request.agency} for ${request.purpose} (${request.dataCategories.join(', ')}) on ${basis}; survivor told: ${yesNo(release.tellSurvivor)}; request ${request.id}`,
        release.by,
      );
    }
    if (entry.survivorTold) {
      caseEntry(
        entry.survivorTold.at,
        'case.sharing_survivor_told',
        'Survivor told of the sharing',
        `${reached(entry.survivorTold)}; request ${request.id}`,
        entry.survivorTold.by,
      );
    }
  }
  for (const consent of view.sharing.consents) {
    caseEntry(
      consent.decidedAt,
      'case.consent_decision',
      consent.decision === 'given' ? 'Consent given' : 'Consent refused',
      `for ${consent.scope.agency}, ${consent.scope.purpose} (${consent.scope.dataCategories.join(', ')}); consent ${consent.id}`,
      consent.recordedBy,
    );
    if (consent.withdrawnAt) {
      caseEntry(
        consent.withdrawnAt,
        'case.consent_withdrawn',
        'Consent withdrawn',
        `for ${consent.scope.agency}, ${consent.scope.purpose}; consent ${consent.id}`,
      );
    }
  }
  for (const approval of view.sharing.approvals) {
    const request = view.sharing.requests.find((entry) => entry.request.id === approval.requestId)?.request;
    caseEntry(
      approval.approvedAt,
      'case.lawful_basis_approved',
      'Sharing without consent approved',
      `basis: ${basisLabel(approval.basis)}; approver ${approval.approvedBy} (${words(approval.approverRole)})` +
        (request ? `; to ${request.agency} for ${request.purpose}` : '') +
        `; rationale: ${approval.rationale}; survivor told: ${approval.tellSurvivor ? 'yes' : `no, because ${approval.reasonNotTelling ?? 'no reason recorded'}`}; request ${approval.requestId}`,
      approval.approvedBy,
    );
  }
  for (const review of view.reviews) {
    caseEntry(
      review.at,
      'case.manager_review',
      'Manager review',
      review.notes ? 'case reviewed; notes recorded' : 'case reviewed',
      review.by,
    );
  }

  // Each closure a reopening undid stays in the record, then the reopening itself, then any closure since.
  const closureEntries = (closure: CaseClosure): void => {
    caseEntry(
      closure.at,
      'case.closed',
      'Case closed',
      `${words(closure.reason)}; survivor agrees: ${yesNo(closure.survivorAgrees)}; closed by a ${rungLabel(closure.byRole)}`,
      closure.by,
    );
    for (const child of closure.openChildren ?? []) {
      caseEntry(
        closure.at,
        'case.child_disposition',
        `${CHILD_KIND_LABELS[child.kind]} ${words(child.disposition)}: ${child.reason}`,
        `on closing the case; workflow ${child.workflowId}`,
        closure.by,
      );
    }
  };
  for (const reopening of view.reopenings ?? []) {
    closureEntries(reopening.closure);
    caseEntry(
      reopening.at,
      'case.reopened',
      'Case reopened',
      `${words(reopening.kind)}; reopened by a ${rungLabel(reopening.byRole)}; deadlines started afresh`,
      reopening.by,
    );
  }
  if (view.closure) closureEntries(view.closure);

  // after the staff actions, so that an action and the deadline it met read in that order
  // A case and its children keep the profile version the case opened with, so it decided every deadline of theirs.
  const underProfile = `policy profile ${profile.id} ${profile.version}`;
  deadlineEntries(caseId, view.deadlines, view.alerts, underProfile, local, push);
  alertEntries(caseId, view.alerts, push);

  const feedbackRequests = [
    ...(view.reopenings ?? []).map((entry) => entry.feedbackRequestedAt),
    view.feedbackRequestedAt,
  ];
  for (const requestedAt of feedbackRequests) {
    if (!requestedAt) continue;
    caseEntry(
      requestedAt,
      'case.feedback_requested',
      'Feedback requested',
      'the case officer asks for feedback through a safe channel',
    );
  }

  // --- the children ----------------------------------------------------------------------------
  for (const child of view.children) {
    const known = childStates.find((candidate) => candidate.workflowId === child.workflowId);
    if (known) childEntries(known, underProfile, local, push);
    else unknownChildEntry(child, push);
  }

  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index))
    .map(({ entry }) => entry);
}

/** Adds an entry of the named workflow (see WorkflowEntry). */
type Push = (workflowId: string, ...entry: Parameters<WorkflowEntry>) => void;

/** Each deadline: set (with due time, rule, calendar and profile), reminded, missed, escalated rung by rung, and how it ended. */
function deadlineEntries(
  workflowId: string,
  deadlines: readonly Deadline[],
  alerts: readonly CaseAlertSummary[],
  underProfile: string,
  local: LocalTime,
  push: Push,
): void {
  for (const deadline of deadlines) {
    const label = taskLabel(deadline.task);
    const about = deadline.subjectId ? ` (${deadline.subjectId})` : '';
    const schedule = deadline.schedule;
    const due = schedule ? `due ${local(schedule.dueAt)} [${iso(schedule.dueAt)}]` : 'due time not yet computed';
    const basis = schedule
      ? `; rule: ${schedule.rule}; calendar: ${schedule.calendarVersion}`
      : deadline.timescale
        ? `; timescale ${describeTimescale(deadline.timescale)}`
        : '';
    const outcome =
      deadline.status === 'met'
        ? `met on time at ${local(deadline.completedAt ?? '')}`
        : deadline.status === 'met_late'
          ? `met late at ${local(deadline.completedAt ?? '')}`
          : deadline.status === 'overdue'
            ? 'overdue: still outstanding'
            : deadline.status === 'cancelled'
              ? `cancelled${deadline.completedAt ? ` at ${local(deadline.completedAt)}` : ''} (no longer owed)`
              : 'pending';
    push(
      workflowId,
      deadline.startedAt,
      'deadline.set',
      `Deadline set: ${label}${about}`,
      `${due}${basis}${deadline.urgent ? '; urgent: escalated in clock hours, on call first out of hours' : ''}; under ${underProfile}; outcome: ${outcome}; deadline ${deadline.id}`,
    );

    if (deadline.remindedAt) {
      push(
        workflowId,
        deadline.remindedAt,
        'deadline.reminder',
        `Reminder: ${label}${about}`,
        `reminder to the case officer; ${due}; deadline ${deadline.id}`,
      );
    }
    const missed = deadline.status === 'overdue' || deadline.status === 'met_late';
    if (missed && schedule) {
      push(
        workflowId,
        schedule.dueAt,
        'deadline.missed',
        `Deadline missed: ${label}${about}`,
        `not done by ${local(schedule.dueAt)}; deadline ${deadline.id}`,
      );
    }
    for (const escalation of deadline.escalations) {
      const title = schedule?.rungs.find((step) => step.rung === escalation.rung)?.roleTitle;
      const recipient = alerts.find((alert) => alert.alertId === escalation.alertId)?.recipientRole ?? escalation.rung;
      push(
        workflowId,
        escalation.at,
        'deadline.escalated',
        `Escalated: ${label}${about}`,
        `rung ${rungLabel(escalation.rung)}${title ? ` (${title})` : ''} alerted (recipient role ${words(recipient)}); ${due}; alert ${escalation.alertId}; deadline ${deadline.id}`,
      );
    }
    if (deadline.completedAt && (deadline.status === 'met' || deadline.status === 'met_late')) {
      push(
        workflowId,
        deadline.completedAt,
        deadline.status === 'met' ? 'deadline.met' : 'deadline.met_late',
        deadline.status === 'met' ? `Deadline met: ${label}${about}` : `Deadline met late: ${label}${about}`,
        `${due}; done ${local(deadline.completedAt)}${deadline.escalations.length ? `; after ${deadline.escalations.length} escalation(s)` : ''}; deadline ${deadline.id}`,
      );
    }
    if (deadline.completedAt && deadline.status === 'cancelled') {
      push(
        workflowId,
        deadline.completedAt,
        'deadline.cancelled',
        `Deadline cancelled: ${label}${about}`,
        `no longer owed (superseded, or the work was settled); deadline ${deadline.id}`,
      );
    }
  }
}

/** Alerts that are not a deadline's reminder or escalation: immediate danger, high risk, feedback due. */
function alertEntries(workflowId: string, alerts: readonly CaseAlertSummary[], push: Push): void {
  for (const alert of alerts) {
    if (alert.kind === 'reminder' || alert.kind === 'escalation') continue;
    const what =
      alert.kind === 'immediate_danger'
        ? 'Immediate danger alert'
        : alert.kind === 'high_risk'
          ? 'High-risk alert'
          : alert.kind === 'feedback_due'
            ? 'Feedback due alert'
            : `Alert: ${words(alert.kind)}`;
    push(
      workflowId,
      alert.raisedAt,
      `alert.${alert.kind}`,
      what,
      `to the ${rungLabel(alert.recipientRole)} about ${inSentence(taskLabel(alert.task))}; alert ${alert.alertId}`,
    );
  }
}

function unknownChildEntry(child: ChildStatus, push: Push): void {
  push(
    child.workflowId,
    child.updatedAt,
    `${child.kind}.status`,
    `${CHILD_KIND_LABELS[child.kind]}: last report`,
    `status ${words(child.status)}; ${child.open ? 'open' : 'finished'}` +
      (child.nextDeadline ? `; next: ${taskLabel(child.nextDeadline.task)} due ${iso(child.nextDeadline.dueAt)}` : '') +
      '; its own state could not be read',
  );
}

function childEntries(child: ChildWorkflowState, underProfile: string, local: LocalTime, push: Push): void {
  const id = child.workflowId;
  const entry: WorkflowEntry = (at, code, what, detail, actor) => push(id, at, code, what, detail, actor);
  const timeline = childTimelineOf(child);
  timeline.entries(child.state, entry, local);
  deadlineEntries(id, child.state.deadlines, child.state.alerts, underProfile, local, push);
  alertEntries(id, child.state.alerts, push);
  if (child.state.settled) {
    entry(
      child.state.settled.at,
      `${child.kind}.settled`,
      'Settled when the case closed',
      'open deadlines cancelled; nothing further is owed by this workflow',
    );
  } else if (child.state.status === 'completed') {
    const deadlineTimes = child.state.deadlines.flatMap((deadline) =>
      deadline.completedAt ? [deadline.completedAt] : [],
    );
    const last = [...deadlineTimes, ...timeline.factTimes(child.state)].sort().at(-1);
    entry(last, `${child.kind}.completed`, 'Completed', timeline.completed);
  }
}
