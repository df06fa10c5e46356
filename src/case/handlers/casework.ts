import { patched, setHandler } from '@temporalio/workflow';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import { assessRisk, requiresMaracReferral } from '../risk';
import { dashRefusals, managerReviewRefusals, perpetratorRouteRefusals } from '../rules/casework';
import { openChildren } from '../rules/children';
import { immediateDangerRefusals, isUrgentCase } from '../rules/urgency';
import { currentSafeContact } from '../rules/safe-contact';
import { outboundContactRecord, safeContactRefusals } from '../../contact/safe-contact';
import type { ContactAttempt } from '../state';
import { maracKind, maracReferralInput } from '../../children/marac/kind';
import type { StartChildWorkflow } from './children';
import { safetyPlanPolicyOf } from '../../policy/safety-plan';
import {
  activeMeasures,
  measuresOf,
  planReviewDues,
  reviewedMeasures,
  reviewOf,
  safetyPlanRefusals,
  safetyPlanReviewRefusals,
} from '../rules/safety-plan';

/**
 * A safety plan's measures are reviewed on deadlines of the ladder (at their dates, or the profile's
 * interval), and again after each risk reassessment. Plans and DASHes recorded before this started
 * no review deadlines, so their replays do not either.
 */
const SAFETY_PLAN_REVIEWS_PATCH = 'safety-plan-reviews';
import type { CaseContext } from './context';

/** The case itself, reaching the survivor, assessing the risk and agreeing a safety plan. */
export function registerAssessment(context: CaseContext, startChildWorkflow: StartChildWorkflow): void {
  const { state, profile, now, view, publish, raise, deadlines, roleTitle, staffAction, addsEntry, answeringChange } =
    context;
  const safetyPlanPolicy = safetyPlanPolicyOf(profile);

  /** The review deadlines of the plan as it now stands, counted from `from` (its agreement or last review). */
  function startPlanReviews(from: string): void {
    const dues = planReviewDues(state.safetyPlan?.measures ?? []);
    if (dues.onInterval) deadlines.start('safetyPlanReview', from, safetyPlanPolicy.reviewAfter);
    if (dues.fixed) deadlines.startFixed('safetyPlanReview', from, dues.fixed);
  }

  setHandler(messages.getCaseQuery, view);

  setHandler(
    messages.recordContactAttemptUpdate,
    answeringChange(commands.contactAttemptCommand, (command) => {
      const attempt: ContactAttempt = { ...outboundContactRecord(command, now()), outcome: command.outcome };
      state.contactAttempts.push(attempt);
      return attempt;
    }),
    {
      validator: addsEntry(commands.contactAttemptCommand, 'contactAttempts', (command) =>
        safeContactRefusals(currentSafeContact(state), command),
      ),
    },
  );

  setHandler(
    messages.updateSafeContactUpdate,
    answeringChange(commands.safeContactUpdateCommand, ({ actor, safeContact }) => {
      const change = { at: now(), by: actor.staffId };
      state.safeContact = { profile: safeContact, changes: [...(state.safeContact?.changes ?? []), change] };
      return { ...change, profile: safeContact };
    }),
    { validator: staffAction(commands.safeContactUpdateCommand) },
  );

  // Spelled out: a high risk raises an alert and may start a MARAC referral before the change is published.
  setHandler(
    messages.recordDashUpdate,
    async (raw) => {
      const { actor, assessment } = parseCommand(commands.recordedDashCommand, raw);
      const result = assessRisk(assessment, profile.risk);
      const record = { at: now(), by: actor.staffId, kind: assessment.kind, ...result };
      const isFirst = state.assessments.length === 0;
      state.assessments.push(record);
      const wasHigh = state.risk.level === 'high';
      const wasUrgent = isUrgentCase(state);
      state.risk = { level: result.level, assessedAt: record.at, reasons: result.reasons };
      if (!wasUrgent && isUrgentCase(state)) deadlines.escalateUrgently();
      if (isFirst) deadlines.start('safetyPlan', record.at, profile.timescales.safetyPlan);
      deadlines.start('riskReassessment', record.at, profile.timescales.riskReassessment);
      // A reassessment calls for a review of the plan within the time a first plan is given.
      if (!isFirst && activeMeasures(state.safetyPlan).length > 0 && patched(SAFETY_PLAN_REVIEWS_PATCH))
        deadlines.start('safetyPlanReview', record.at, profile.timescales.safetyPlan);
      if (requiresMaracReferral(result) && !wasHigh) {
        state.marac = { status: 'referral_required', requiredSince: record.at };
        await raise({
          kind: 'high_risk',
          task: 'dashAssessment',
          rung: 'da_lead',
          recipientRole: 'da_lead',
          recipientTitle: roleTitle('da_lead', 'DA lead'),
        });
        // The case may have been closed while the alert was being raised.
        if (state.status === 'open' && openChildren(state.children, 'marac').length === 0)
          await startChildWorkflow(
            maracKind,
            maracReferralInput('high_risk_assessment', record.at, state.disclosure.survivor.reference),
          );
      }
      await publish();
      return record;
    },
    {
      validator: addsEntry(commands.dashCommand, 'riskAssessments', ({ assessment }) =>
        dashRefusals(profile, assessment),
      ),
    },
  );

  setHandler(
    messages.recordSafetyPlanUpdate,
    answeringChange(commands.recordedSafetyPlanCommand, (command) => {
      const agreedAt = now();
      const measures = measuresOf(command.measures, safetyPlanPolicy, command.actor.staffId);
      state.safetyPlan = { agreedAt, by: command.actor.staffId, measures, reviews: [] };
      if (patched(SAFETY_PLAN_REVIEWS_PATCH)) startPlanReviews(agreedAt);
      return state.safetyPlan;
    }),
    {
      validator: staffAction(commands.safetyPlanCommand, (command) =>
        rejectFirst(safetyPlanRefusals(safetyPlanPolicy, profile.organisationName, command.measures, now())),
      ),
    },
  );

  // New with plan reviews, so it needs no patch: its first call is in histories that know it.
  setHandler(
    messages.reviewSafetyPlanUpdate,
    answeringChange(commands.safetyPlanReviewCommand, (command) => {
      const plan = state.safetyPlan!;
      const review = reviewOf(now(), command.actor.staffId, command);
      plan.measures = reviewedMeasures(plan, command);
      (plan.reviews ??= []).push(review);
      startPlanReviews(review.at);
      return { review, measures: plan.measures };
    }),
    {
      validator: addsEntry(commands.safetyPlanReviewCommand, 'safetyPlanReviews', (command) =>
        safetyPlanReviewRefusals(state.safetyPlan, command, now()),
      ),
    },
  );
}

/** Referrals to other agencies, manager reviews, new incidents and immediate danger arising later. */
export function registerReferralsAndReviews(context: CaseContext): void {
  const {
    state,
    profile,
    now,
    deadlines,
    raiseImmediateDanger,
    publish,
    staffAction,
    changeOf,
    addsEntry,
    answeringChange,
  } = context;

  // Spelled out: the alert and the move to the urgent ladder happen before the change is published.
  setHandler(
    messages.recordImmediateDangerUpdate,
    async (raw) => {
      const { actor, policeCalled } = parseCommand(commands.immediateDangerCommand, raw);
      state.immediateDanger = { at: now(), by: actor.staffId, policeCalled };
      await raiseImmediateDanger();
      deadlines.escalateUrgently();
      await publish();
      return changeOf(state.immediateDanger);
    },
    { validator: staffAction(commands.immediateDangerCommand, () => rejectFirst(immediateDangerRefusals(state))) },
  );

  setHandler(
    messages.recordSafeguardingReferralUpdate,
    answeringChange(commands.safeguardingReferralCommand, (command) => {
      const referral = { subject: command.subject, agency: command.agency, at: now(), by: command.actor.staffId };
      state.safeguardingReferrals.push(referral);
      return referral;
    }),
    { validator: addsEntry(commands.safeguardingReferralCommand, 'safeguardingReferrals') },
  );

  setHandler(
    messages.recordPerpetratorReferralUpdate,
    answeringChange(commands.perpetratorReferralCommand, (command) => {
      const referral = { route: command.route, agency: command.agency, at: now(), by: command.actor.staffId };
      (state.perpetratorReferrals ??= []).push(referral);
      return referral;
    }),
    {
      validator: addsEntry(commands.perpetratorReferralCommand, 'perpetratorReferrals', ({ route }) =>
        perpetratorRouteRefusals(profile, route),
      ),
    },
  );

  setHandler(
    messages.recordManagerReviewUpdate,
    answeringChange(commands.managerReviewCommand, (command) => {
      const review = { at: now(), by: command.actor.staffId, notes: command.notes };
      state.reviews.push(review);
      deadlines.start('managerReview', review.at, profile.timescales.managerReview);
      return review;
    }),
    {
      validator: addsEntry(commands.managerReviewCommand, 'reviews', ({ actor }) => managerReviewRefusals(actor)),
    },
  );

  setHandler(
    messages.recordIncidentUpdate,
    answeringChange(commands.incidentCommand, (command) => {
      const incident = {
        occurredAt: command.occurredAt,
        recordedAt: now(),
        by: command.actor.staffId,
        policeCalled: command.policeCalled,
        ...(command.injuries !== undefined && { injuries: command.injuries }),
        ...(command.propertyDamage !== undefined && { propertyDamage: command.propertyDamage }),
      };
      state.incidents.push(incident);
      // A new incident calls for a fresh risk assessment within the DASH timescale.
      deadlines.start('riskReassessment', incident.recordedAt, profile.timescales.dashAssessment);
      return incident;
    }),
    { validator: addsEntry(commands.incidentCommand, 'incidents') },
  );
}
