import type { Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import { CHILD_KIND_LABELS } from './rules/closure';
import type { LawfulBasis } from '../sharing/consent';
import type { RiskReason } from './risk';
import { describeTimescale } from '../deadlines/timescale';
import { getCaseQuery } from './messages';
import { caseWorkflowId, type CaseAlertSummary, type CaseView } from './state';
import { getMaracReferralQuery } from '../children/marac/messages';
import type { MaracReferralState } from '../children/marac/state';
import { getRehousingQuery } from '../children/rehousing/messages';
import type { RehousingState } from '../children/rehousing/state';
import { getRepairsQuery } from '../children/repairs/messages';
import type { RepairsState } from '../children/repairs/state';
import type { ChildStatus } from '../children/kit';
import type { Deadline } from '../deadlines/tracker';

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

export interface TimelineEntry {
  /** ISO 8601 instant */
  at: string;
  /** the staff id that acted, or the outside party (contractor, MARAC coordinator, local authority); absent for the system */
  actor?: string;
  /** what happened, in a few words */
  what: string;
  /** the particulars an auditor checks */
  detail: string;
  /** a stable code for filtering: `case.disclosure`, `deadline.escalated`, `marac.submitted`, … */
  code: string;
  /** the workflow that recorded it: the case's or a child's */
  workflowId: string;
}

export type ChildWorkflowState =
  | { kind: 'marac'; workflowId: string; state: MaracReferralState }
  | { kind: 'repairs'; workflowId: string; state: RepairsState }
  | { kind: 'rehousing'; workflowId: string; state: RehousingState };

const TASK_LABELS: Record<string, string> = {
  initialContact: 'Initial contact',
  dashAssessment: 'DASH risk assessment',
  safetyPlan: 'Safety plan',
  managerReview: 'Manager review',
  riskReassessment: 'Risk reassessment',
  consentDecision: 'Consent decision',
  maracSubmission: 'MARAC referral submission',
  maracAction: 'MARAC action',
  repairCompletion: 'Emergency repair completion',
  informSurvivorOfRepairDelay: 'Telling the survivor of a repair delay',
  temporaryAccommodation: 'Temporary accommodation',
  move: 'Move',
  disclosure: 'Disclosure',
  feedback: 'Feedback',
};
export const taskLabel = (task: string): string => TASK_LABELS[task] ?? task;

const BASIS_LABELS: Record<LawfulBasis | 'consent', string> = {
  consent: "the survivor's consent",
  safeguarding_child: 'safeguarding a child',
  safeguarding_adult_at_risk: 'safeguarding an adult at risk',
  high_risk_marac: 'high-risk MARAC referral',
  legal_duty: 'legal duty',
  prevention_of_crime_or_vital_interests: 'prevention of crime or vital interests',
};
const basisLabel = (basis: string): string => BASIS_LABELS[basis as LawfulBasis] ?? basis;

const RUNG_LABELS: Record<string, string> = {
  line_manager: 'line manager',
  da_lead: 'DA lead',
  head_of_service: 'head of service',
  repairs_manager: 'repairs manager',
  safeguarding_lead: 'safeguarding lead',
  case_officer: 'case officer',
};
const rungLabel = (rung: string): string => RUNG_LABELS[rung] ?? rung.replace(/_/g, ' ');
/** "Initial contact" → "initial contact", but "DASH risk assessment" stays as it is. */
const inSentence = (label: string): string => (/^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label);

const yesNo = (value: boolean | undefined): string => (value ? 'yes' : 'no');
const words = (code: string): string => code.replace(/_/g, ' ');
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
  const push = (workflowId: string, at: string | undefined, code: string, what: string, detail: string, actor?: string) => {
    if (!at) return;
    entries.push({ at: iso(at), ...(actor ? { actor } : {}), what, detail, code, workflowId });
  };

  // --- the case ------------------------------------------------------------------------------
  const caseId = view.workflowId;
  const { disclosure, profile } = view;
  const caseEntry = (at: string | undefined, code: string, what: string, detail: string, actor?: string) => push(caseId, at, code, what, detail, actor);

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
    ].join('; '),
  );

  for (const attempt of view.contactAttempts) {
    caseEntry(attempt.at, 'case.contact_attempt', 'Contact attempt', `${words(attempt.outcome)} by ${words(attempt.channel)}`, attempt.by);
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
    caseEntry(view.marac.requiredSince, 'case.marac_required', 'MARAC referral required', 'the risk or professional judgement calls for a MARAC referral');
  }
  if (view.safetyPlan) {
    const count = view.safetyPlan.measures.length;
    caseEntry(view.safetyPlan.agreedAt, 'case.safety_plan', 'Safety plan agreed', `agreed with the survivor: ${count} ${count === 1 ? 'measure' : 'measures'}`, view.safetyPlan.by);
  }
  for (const incident of view.incidents) {
    caseEntry(incident.recordedAt, 'case.incident', 'Incident recorded', `incident of ${local(incident.occurredAt)}; police called: ${yesNo(incident.policeCalled)}`, incident.by);
  }
  for (const referral of view.safeguardingReferrals) {
    caseEntry(referral.at, 'case.safeguarding_referral', 'Safeguarding referral', `${words(referral.subject)} referred to ${referral.agency} (lawful without consent)`, referral.by);
  }

  // sharing: requests, consent decisions, approvals and releases
  for (const entry of view.sharing.requests) {
    const { request } = entry;
    const outcome =
      entry.status === 'released' ? 'released (see below)'
      : entry.status === 'blocked' ? `blocked: ${entry.blockedReason ?? 'no reason recorded'}`
      : entry.status === 'authorised' ? 'authorised, not yet sent'
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
      const basis = release.basis === 'consent' ? `${basisLabel('consent')} (consent ${release.consentId ?? 'unrecorded'})` : `lawful basis: ${basisLabel(release.basis)}, approved by ${release.approvedBy ?? 'nobody recorded'}`;
      caseEntry(
        release.at,
        'case.information_released',
        'Information released',
        `to ${request.agency} for ${request.purpose} (${request.dataCategories.join(', ')}) on ${basis}; survivor told: ${yesNo(release.tellSurvivor)}; request ${request.id}`,
        release.by,
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
      caseEntry(consent.withdrawnAt, 'case.consent_withdrawn', 'Consent withdrawn', `for ${consent.scope.agency}, ${consent.scope.purpose}; consent ${consent.id}`);
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
    caseEntry(review.at, 'case.manager_review', 'Manager review', review.notes ? 'case reviewed; notes recorded' : 'case reviewed', review.by);
  }

  if (view.closure) {
    const closure = view.closure;
    caseEntry(closure.at, 'case.closed', 'Case closed', `${words(closure.reason)}; survivor agrees: ${yesNo(closure.survivorAgrees)}; closed by a ${rungLabel(closure.byRole)}`, closure.by);
    for (const child of closure.openChildren ?? []) {
      caseEntry(closure.at, 'case.child_disposition', `${CHILD_KIND_LABELS[child.kind]} ${words(child.disposition)}: ${child.reason}`, `on closing the case; workflow ${child.workflowId}`, closure.by);
    }
  }

  // after the staff actions, so that an action and the deadline it met read in that order
  deadlineEntries(caseId, view.deadlines, view.alerts, local, push);
  alertEntries(caseId, view.alerts, push);

  if (view.feedbackRequestedAt) {
    caseEntry(view.feedbackRequestedAt, 'case.feedback_requested', 'Feedback requested', 'the case officer asks for feedback through a safe channel');
  }

  // --- the children ----------------------------------------------------------------------------
  for (const child of view.children) {
    const known = childStates.find((candidate) => candidate.workflowId === child.workflowId);
    if (known) childEntries(known, local, push);
    else unknownChildEntry(child, push);
  }

  return entries
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.index - b.index))
    .map(({ entry }) => entry);
}

type Push = (workflowId: string, at: string | undefined, code: string, what: string, detail: string, actor?: string) => void;

/** Each deadline: set (with due time, rule and calendar), reminded, missed, escalated rung by rung, and how it ended. */
function deadlineEntries(workflowId: string, deadlines: readonly Deadline[], alerts: readonly CaseAlertSummary[], local: (at: string) => string, push: Push): void {
  for (const deadline of deadlines) {
    const label = taskLabel(deadline.task);
    const about = deadline.subjectId ? ` (${deadline.subjectId})` : '';
    const schedule = deadline.schedule;
    const due = schedule ? `due ${local(schedule.dueAt)} [${iso(schedule.dueAt)}]` : 'due time not yet computed';
    const basis = schedule ? `; rule: ${schedule.rule}; calendar: ${schedule.calendarVersion}` : deadline.timescale ? `; timescale ${describeTimescale(deadline.timescale)}` : '';
    const outcome =
      deadline.status === 'met' ? `met on time at ${local(deadline.completedAt ?? '')}`
      : deadline.status === 'met_late' ? `met late at ${local(deadline.completedAt ?? '')}`
      : deadline.status === 'overdue' ? 'overdue: still outstanding'
      : deadline.status === 'cancelled' ? `cancelled${deadline.completedAt ? ` at ${local(deadline.completedAt)}` : ''} (no longer owed)`
      : 'pending';
    push(workflowId, deadline.startedAt, 'deadline.set', `Deadline set: ${label}${about}`, `${due}${basis}; outcome: ${outcome}; deadline ${deadline.id}`);

    if (deadline.remindedAt) {
      push(workflowId, deadline.remindedAt, 'deadline.reminder', `Reminder: ${label}${about}`, `reminder to the case officer; ${due}; deadline ${deadline.id}`);
    }
    const missed = deadline.status === 'overdue' || deadline.status === 'met_late';
    if (missed && schedule) {
      push(workflowId, schedule.dueAt, 'deadline.missed', `Deadline missed: ${label}${about}`, `not done by ${local(schedule.dueAt)}; deadline ${deadline.id}`);
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
      push(workflowId, deadline.completedAt, 'deadline.cancelled', `Deadline cancelled: ${label}${about}`, `no longer owed (superseded, or the work was settled); deadline ${deadline.id}`);
    }
  }
}

/** Alerts that are not a deadline's reminder or escalation: immediate danger, high risk, feedback due. */
function alertEntries(workflowId: string, alerts: readonly CaseAlertSummary[], push: Push): void {
  for (const alert of alerts) {
    if (alert.kind === 'reminder' || alert.kind === 'escalation') continue;
    const what =
      alert.kind === 'immediate_danger' ? 'Immediate danger alert'
      : alert.kind === 'high_risk' ? 'High-risk alert'
      : alert.kind === 'feedback_due' ? 'Feedback due alert'
      : `Alert: ${words(alert.kind)}`;
    push(workflowId, alert.raisedAt, `alert.${alert.kind}`, what, `to the ${rungLabel(alert.recipientRole)} about ${inSentence(taskLabel(alert.task))}; alert ${alert.alertId}`);
  }
}

function unknownChildEntry(child: ChildStatus, push: Push): void {
  push(
    child.workflowId,
    child.updatedAt,
    `${child.kind}.status`,
    `${CHILD_KIND_LABELS[child.kind]}: last report`,
    `status ${words(child.status)}; ${child.open ? 'open' : 'finished'}` + (child.nextDeadline ? `; next: ${taskLabel(child.nextDeadline.task)} due ${iso(child.nextDeadline.dueAt)}` : '') + '; its own state could not be read',
  );
}

function childEntries(child: ChildWorkflowState, local: (at: string) => string, push: Push): void {
  const id = child.workflowId;
  const entry = (at: string | undefined, code: string, what: string, detail: string, actor?: string) => push(id, at, code, what, detail, actor);
  switch (child.kind) {
    case 'marac': {
      const s = child.state;
      entry(
        s.referredAt,
        'marac.started',
        'MARAC referral started',
        `reason: ${words(s.reason)}; referral ${s.referralId}` +
          (s.repeat ? `; repeat referral: ${yesNo(s.repeat.repeat)}${s.repeat.previousReferralAt ? ` (previous ${local(s.repeat.previousReferralAt)})` : ''}` : ''),
      );
      if (s.submission) {
        const delivery = s.submission.delivery.channel === 'gateway' ? `sent to the coordinator (their reference ${s.submission.delivery.partnerReference})` : 'to be sent by hand';
        entry(
          s.submission.at,
          'marac.submitted',
          'MARAC referral submitted',
          `area ${s.submission.area}; ${delivery}; survivor informed: ${s.submission.survivorInformed ? 'yes' : `no, because ${s.submission.reasonNotInformed ?? 'no reason recorded'}`}`,
          s.submission.by,
        );
      }
      if (s.meeting) {
        entry(
          s.meeting.recordedAt,
          'marac.meeting_scheduled',
          'MARAC meeting date set',
          `meeting on ${s.meeting.date}${s.meeting.earlierDates.length ? ` (earlier dates: ${s.meeting.earlierDates.join(', ')})` : ''}`,
          'MARAC coordinator',
        );
      }
      if (s.outcome) {
        entry(
          s.outcome.recordedAt,
          'marac.outcome',
          'MARAC outcome recorded',
          s.outcome.actions.length === 0 ? 'no actions assigned to us' : `actions assigned to us: ${s.outcome.actions.map((action) => `${action.actionId} due ${action.dueDate}`).join(', ')}`,
          'MARAC coordinator',
        );
        for (const action of s.outcome.actions) {
          if (action.completedAt) entry(action.completedAt, 'marac.action_completed', 'MARAC action completed', `action ${action.actionId} (due ${action.dueDate})`, action.completedBy);
        }
      }
      break;
    }
    case 'repairs': {
      const s = child.state;
      entry(
        s.requestedAt,
        'repairs.requested',
        'Emergency repairs requested',
        `works: ${s.works.join(', ')}${s.securityScheme ? `; security scheme: ${words(s.securityScheme)}` : ''}; charge to the survivor: £${(s.chargeToSurvivorPence / 100).toFixed(2)}; order ${s.orderId}`,
      );
      if (s.order) {
        entry(
          s.order.sentAt,
          'repairs.ordered',
          'Works order sent',
          s.order.delivery.channel === 'gateway' ? `to the contractor (their reference ${s.order.delivery.partnerReference})` : 'to be sent to the contractor by hand',
        );
      }
      for (const delay of s.delays) {
        entry(delay.reportedAt, 'repairs.delay', 'Contractor: not practicable in time', `new completion by ${local(delay.newCompletionBy)}; reason: ${delay.reason}`, 'contractor');
        if (delay.survivorTold) {
          entry(delay.survivorTold.at, 'repairs.survivor_told_of_delay', 'Survivor told of the delay', `by ${words(delay.survivorTold.channel)}`, delay.survivorTold.by);
        }
      }
      if (s.contractorCompletion) {
        entry(
          s.contractorCompletion.recordedAt,
          'repairs.completed_by_contractor',
          'Contractor reports the works complete',
          `completed ${local(s.contractorCompletion.completedAt)}; evidence ${s.contractorCompletion.evidenceReference}`,
          'contractor',
        );
      }
      if (s.survivorConfirmation) {
        entry(
          s.survivorConfirmation.at,
          'repairs.survivor_confirmation',
          s.survivorConfirmation.satisfied ? 'Survivor confirms the works' : 'Survivor not satisfied with the works',
          s.survivorConfirmation.satisfied ? 'the works are done as far as the survivor is concerned' : 'back to the contractor with a fresh 24 hours',
          s.survivorConfirmation.by,
        );
      }
      break;
    }
    case 'rehousing': {
      const s = child.state;
      entry(s.requestedAt, 'rehousing.requested', 'Rehousing requested', `immediate danger: ${yesNo(s.immediateDanger)}; request ${s.requestId}`);
      if (s.temporaryAccommodation) {
        entry(s.temporaryAccommodation.placedAt, 'rehousing.temporary_accommodation', 'Temporary accommodation placed', 'placement recorded by reference (held in the case)', s.temporaryAccommodation.by);
      }
      if (s.appraisal) {
        entry(
          s.appraisal.at,
          'rehousing.options_appraisal',
          'Options appraisal agreed with the survivor',
          `considered: ${s.appraisal.optionsConsidered.map(words).join(', ')}; chosen: ${words(s.appraisal.chosen)}`,
          s.appraisal.by,
        );
      }
      s.offers.forEach((offer, index) => {
        entry(offer.recordedAt, 'rehousing.offer', `Offer ${index + 1} recorded`, `${words(offer.kind)}`);
        if (offer.decision && offer.decidedAt) {
          entry(offer.decidedAt, 'rehousing.offer_decision', `Offer ${index + 1} ${offer.decision}`, offer.decision === 'refused' ? `reason: ${offer.reason ?? 'none recorded'}` : 'accepted by the survivor');
        }
      });
      for (const decision of s.localAuthorityDecisions) {
        entry(decision.recordedAt, 'rehousing.local_authority_decision', 'Local authority decision', `${words(decision.decision)} (decision ${decision.decisionReference})`, 'local authority');
      }
      const moveDeadline = [...s.deadlines].reverse().find((deadline) => deadline.task === 'move');
      if (s.moveDate && moveDeadline) entry(moveDeadline.startedAt, 'rehousing.move_date', 'Move date set', `move on ${s.moveDate}`);
      if (s.moved) entry(s.moved.at, 'rehousing.moved', 'Survivor moved', 'the move is complete', s.moved.by);
      break;
    }
  }
  deadlineEntries(id, child.state.deadlines, child.state.alerts, local, push);
  alertEntries(id, child.state.alerts, push);
  if (child.state.settled) {
    entry(child.state.settled.at, `${child.kind}.settled`, 'Settled when the case closed', 'open deadlines cancelled; nothing further is owed by this workflow');
  } else if (child.state.status === 'completed') {
    const last = [...factTimes(child)].sort().at(-1);
    entry(last, `${child.kind}.completed`, 'Completed', `${child.kind === 'marac' ? 'every MARAC action is done' : child.kind === 'repairs' ? 'the works are done and confirmed' : 'the rehousing is complete'}`);
  }
}

/** When a child's recorded facts last changed: when it completed, as far as its state tells. */
function factTimes(child: ChildWorkflowState): string[] {
  const times = child.state.deadlines.flatMap((deadline) => (deadline.completedAt ? [deadline.completedAt] : []));
  switch (child.kind) {
    case 'marac':
      return [...times, ...(child.state.outcome?.actions.flatMap((action) => (action.completedAt ? [action.completedAt] : [])) ?? [])];
    case 'repairs':
      return [...times, ...(child.state.survivorConfirmation ? [child.state.survivorConfirmation.at] : [])];
    case 'rehousing':
      return [...times, ...(child.state.moved ? [child.state.moved.at] : []), ...(child.state.appraisal ? [child.state.appraisal.at] : [])];
  }
}

// --- reading the state -----------------------------------------------------------------------

/** Each child's own state, by its query; a child whose state cannot be read is left out (the timeline says so). */
export async function fetchChildStates(client: Client, view: Pick<CaseView, 'children'>): Promise<ChildWorkflowState[]> {
  const states: ChildWorkflowState[] = [];
  for (const child of view.children) {
    const handle = client.workflow.getHandle(child.workflowId);
    try {
      if (child.kind === 'marac') states.push({ kind: 'marac', workflowId: child.workflowId, state: await handle.query(getMaracReferralQuery) });
      else if (child.kind === 'repairs') states.push({ kind: 'repairs', workflowId: child.workflowId, state: await handle.query(getRepairsQuery) });
      else states.push({ kind: 'rehousing', workflowId: child.workflowId, state: await handle.query(getRehousingQuery) });
    } catch {
      // e.g. a child terminated by an operator; its last report to the case still appears
    }
  }
  return states;
}

/**
 * The case's state and its children's, read by query (a worker must be running; a finished
 * workflow still answers), then the timeline.
 */
export async function loadCaseTimeline(client: Client, caseId: string): Promise<{ view: CaseView; children: ChildWorkflowState[]; timeline: TimelineEntry[] }> {
  const view = await client.workflow.getHandle(caseWorkflowId(caseId)).query(getCaseQuery);
  const children = await fetchChildStates(client, view);
  return { view, children, timeline: caseTimeline(view, children) };
}
