import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  upsertSearchAttributes,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { WorkerActivities } from '../activities';
import { childDispositionProblems } from './rules/closure';
import type { ChildKind } from '../children/kinds';
import { decideSharing, isPerpetratorRecipient, PERPETRATOR_REFUSAL, validateLawfulBasisApproval, type LawfulBasisApproval } from '../sharing/consent';
import type { EscalationRung } from '../policy';
import { assessRisk, requiresMaracReferral } from './risk';
import { approverRoleForRung, isAtLeast } from '../staff/staff';
import { breachedKey, caseOfficerKey, caseStatusKey, organisationKey, riskLevelKey } from '../platform/temporal/search-attributes';
import { createInFlightActivities } from '../platform/workflow/in-flight-activities';
import { createAlertRaiser } from '../alerts/raise';
import { childStatusSignal, settleChildSignal, type ChildContext, type ChildStatus } from '../children/kit';
import { childWorkflowId } from './workflow-ids';
import { createDeadlineTracker, projectDeadlineOutcomes, waitUntil } from '../deadlines/tracker';
import { parseCommand, reject, staffActionValidator } from '../platform/workflow/validation';
import * as commands from './commands';
import { isBreached, isDeadlineSatisfied } from './rules/deadlines';
import { maracReferralWorkflow } from '../children/marac/workflow';
import { rehousingWorkflow } from '../children/rehousing/workflow';
import { repairsWorkflow } from '../children/repairs/workflow';
import * as messages from './messages';
import { caseProjectionOf, type CaseState, type CaseView, type CaseWorkflowInput } from './state';
import type { CaseProjection } from './projection';
import { caseEntryLimitRefusal, jsonBytes, stateSizeRefusal, type CaseEntryKind } from './state-bounds';

const activities = proxyActivities<WorkerActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;
/**
 * Every Update's command and answer stay in the history. Below the 4 MB at which a default server
 * suggests continuing as new, so the bound holds also on a server configured not to suggest it.
 */
const DEFAULT_CONTINUE_AS_NEW_AFTER_HISTORY_BYTES = 2 * 1024 * 1024;

function initialCaseState(input: CaseWorkflowInput): CaseState {
  return {
    caseId: input.caseId,
    openedAt: input.openedAt,
    disclosure: input.disclosure,
    profile: input.profile,
    status: 'open',
    risk: { level: 'unassessed', reasons: [] },
    assessments: [],
    contactAttempts: [],
    incidents: [],
    sharing: { requests: [], consents: [], approvals: [] },
    safeguardingReferrals: [],
    reviews: [],
    deadlines: [],
    alerts: [],
    marac: { status: 'not_required' },
    children: [],
    updatedAt: input.openedAt,
    stateVersion: 0,
  };
}

/** One durable workflow per disclosure: the case's single source of truth, for months if need be. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<{ caseId: string; closedAt: string; reason: string }> {
  const state: CaseState = input.carriedState ?? initialCaseState(input);
  const { profile, disclosure } = state;
  const now = (): string => new Date().toISOString();
  // Activities started by deadline watchers and deliveries; continue-as-new waits for them.
  const inFlight = createInFlightActivities();
  const { tracked } = inFlight;

  const view = (): CaseView => ({
    ...state,
    workflowId: workflowInfo().workflowId,
    breached: isBreached(state),
    safeguardingReferralRequired:
      (disclosure.survivor.childrenInHousehold || disclosure.survivor.adultAtRisk) && state.safeguardingReferrals.length === 0,
  });

  const projection = (): CaseProjection => caseProjectionOf(view());

  /** Every state change goes to visibility (search attributes) and the PostgreSQL projection. */
  async function publish(): Promise<void> {
    state.stateVersion += 1;
    state.updatedAt = now();
    const current = projection();
    upsertSearchAttributes([
      { key: caseStatusKey, value: current.status },
      { key: riskLevelKey, value: current.riskLevel },
      { key: caseOfficerKey, value: current.caseOfficerId },
      { key: organisationKey, value: current.organisationId },
      { key: breachedKey, value: current.breached },
    ]);
    await tracked(() => activities.projectCase(current));
    await projectDeadlineOutcomes(inFlight, {
      workflowId: current.workflowId,
      caseId: state.caseId,
      organisationId: disclosure.organisationId,
      policyProfile: profile.id,
      deadlines: state.deadlines,
    });
  }

  const roleTitle = (rung: EscalationRung, fallback: string): string =>
    profile.escalationLadder.find((step) => step.rung === rung)?.roleTitle ?? fallback;

  const raise = createAlertRaiser({
    caseId: state.caseId,
    organisationId: disclosure.organisationId,
    caseOfficerId: disclosure.caseOfficerId,
    alerts: state.alerts,
    inFlight,
  });
  const deadlines = createDeadlineTracker({
    deadlines: state.deadlines,
    profile,
    isSatisfied: (deadline) => isDeadlineSatisfied(deadline, state),
    isSettled: () => state.status === 'closed',
    raise,
    publish,
    inFlight,
  });

  // --- child workflows ----------------------------------------------------------------------
  const openChildren = (kind?: ChildKind) => state.children.filter((child) => child.open && (!kind || child.kind === kind));
  const childContext = (): ChildContext => ({
    parentWorkflowId: workflowInfo().workflowId,
    caseId: state.caseId,
    organisationId: disclosure.organisationId,
    caseOfficerId: disclosure.caseOfficerId,
    profile,
  });

  /**
   * Starts a child with an id derived from the case's. ABANDON, because continue-as-new closes this
   * run and must not touch the children; closing the case settles them deliberately instead.
   */
  async function startChildWorkflow(
    kind: ChildKind,
    start: (workflowId: string) => Promise<unknown>,
  ): Promise<ChildStatus> {
    const sequence = state.children.filter((child) => child.kind === kind).length + 1;
    const workflowId = childWorkflowId(workflowInfo().workflowId, kind, sequence);
    const status: ChildStatus = { workflowId, kind, status: 'starting', open: true, updatedAt: now() };
    state.children.push(status);
    await start(workflowId);
    await publish();
    return status;
  }
  const childOptions = (workflowId: string) => ({ workflowId, parentClosePolicy: ParentClosePolicy.ABANDON });

  const startMaracReferral = (reason: 'high_risk_assessment' | 'professional_judgement', referredAt: string) =>
    startChildWorkflow('marac', (workflowId) =>
      startChild(maracReferralWorkflow, {
        ...childOptions(workflowId),
        args: [{ ...childContext(), referralId: uuid4(), reason, referredAt, survivorReference: disclosure.survivor.reference }],
      }),
    );

  setHandler(childStatusSignal, (report) => {
    const index = state.children.findIndex((child) => child.workflowId === report.workflowId);
    if (index >= 0 && state.children[index]!.updatedAt <= report.updatedAt) state.children[index] = report;
  });

  // --- the consent gate ---------------------------------------------------------------------
  const sharingContext = {
    allowedBases: profile.lawfulBasesForSharingWithoutConsent,
    perpetratorIdentifiers: disclosure.perpetrator.reference ? [disclosure.perpetrator.reference] : [],
  };
  function evaluateSharing(): void {
    for (const entry of state.sharing.requests) {
      if (entry.status === 'released') continue;
      const decision = decideSharing(entry.request, state.sharing.consents, state.sharing.approvals, sharingContext);
      entry.status = decision.outcome === 'release' ? 'authorised' : decision.outcome;
      entry.blockedReason = decision.outcome === 'blocked' ? decision.reason : undefined;
    }
  }

  const findSharing = (requestId: string) => state.sharing.requests.find((entry) => entry.request.id === requestId);

  // --- validation shared by every staff action ----------------------------------------------
  function assertOpen(): void {
    if (state.status !== 'open') reject('NotPossible', 'the case is closed');
  }
  /** An action that adds to the record must leave it small enough for Temporal to carry. */
  function assertOpenWithRoomFor(raw: unknown): void {
    assertOpen();
    const refusal = stateSizeRefusal(jsonBytes(state), jsonBytes(raw));
    if (refusal) reject('NotPossible', refusal);
  }
  function assertRoomForEntry(kind: CaseEntryKind): void {
    const refusal = caseEntryLimitRefusal(state, kind);
    if (refusal) reject('NotPossible', refusal);
  }
  const staffAction = staffActionValidator(assertOpenWithRoomFor);
  // Closing and withdrawing consent add almost nothing, and a full case must still allow both.
  const actionAllowedWhenFull = staffActionValidator(assertOpen);

  // --- staff actions ------------------------------------------------------------------------
  setHandler(messages.getCaseQuery, view);

  setHandler(
    messages.recordContactAttemptUpdate,
    async (raw) => {
      const command = parseCommand(commands.contactAttemptCommand, raw);
      state.contactAttempts.push({ at: now(), by: command.actor.staffId, outcome: command.outcome, channel: command.channel });
      await publish();
      return view();
    },
    { validator: staffAction(commands.contactAttemptCommand, () => assertRoomForEntry('contactAttempts')) },
  );

  setHandler(
    messages.recordDashUpdate,
    async (raw) => {
      const { actor, assessment } = parseCommand(commands.recordedDashCommand, raw);
      const result = assessRisk(assessment, profile.risk);
      const record = { at: now(), by: actor.staffId, kind: assessment.kind, ...result };
      const isFirst = state.assessments.length === 0;
      state.assessments.push(record);
      const wasHigh = state.risk.level === 'high';
      state.risk = { level: result.level, assessedAt: record.at, reasons: result.reasons };
      if (isFirst) deadlines.start('safetyPlan', record.at, profile.timescales.safetyPlan);
      deadlines.start('riskReassessment', record.at, profile.timescales.riskReassessment);
      if (requiresMaracReferral(result) && !wasHigh) {
        state.marac = { status: 'referral_required', requiredSince: record.at };
        await raise({ kind: 'high_risk', task: 'dashAssessment', rung: 'da_lead', recipientRole: 'da_lead', recipientTitle: roleTitle('da_lead', 'DA lead') });
        // The case may have been closed while the alert was being raised.
        if (state.status === 'open' && openChildren('marac').length === 0) await startMaracReferral('high_risk_assessment', record.at);
      }
      await publish();
      return record;
    },
    {
      validator: staffAction(commands.dashCommand, ({ assessment }) => {
        assertRoomForEntry('riskAssessments');
        if (assessment.kind === 'partner_agency' && !profile.risk.partnerDashAccepted) {
          reject('NotPossible', "this organisation's policy does not accept a partner agency's DASH in place of its own");
        }
      }),
    },
  );

  setHandler(
    messages.recordSafetyPlanUpdate,
    async (raw) => {
      const command = parseCommand(commands.recordedSafetyPlanCommand, raw);
      state.safetyPlan = { agreedAt: now(), by: command.actor.staffId, measures: command.measures };
      await publish();
      return view();
    },
    { validator: staffAction(commands.safetyPlanCommand) },
  );

  setHandler(
    messages.requestSharingUpdate,
    async (raw) => {
      const command = parseCommand(commands.recordedSharingRequestCommand, raw);
      const request = {
        id: uuid4(),
        agency: command.agency,
        purpose: command.purpose,
        dataCategories: command.dataCategories,
        recipientIsPerpetrator: command.recipientIsPerpetrator,
        requestedAt: now(),
        requestedBy: command.actor.staffId,
      };
      state.sharing.requests.push({ request, status: 'awaiting_decision' });
      evaluateSharing();
      const entry = findSharing(request.id)!;
      if (entry.status === 'awaiting_decision') {
        deadlines.start('consentDecision', request.requestedAt, profile.timescales.consentDecision, { subjectId: request.id });
      }
      await publish();
      return entry;
    },
    { validator: staffAction(commands.sharingRequestCommand, () => assertRoomForEntry('sharingRequests')) },
  );

  setHandler(
    messages.recordConsentDecisionUpdate,
    async (raw) => {
      const command = parseCommand(commands.recordedConsentDecisionCommand, raw);
      state.sharing.consents.push({ id: uuid4(), scope: command.scope, decision: command.decision, decidedAt: now(), recordedBy: command.actor.staffId });
      evaluateSharing();
      await publish();
      return state.sharing.requests;
    },
    { validator: staffAction(commands.consentDecisionCommand, () => assertRoomForEntry('consentDecisions')) },
  );

  setHandler(
    messages.withdrawConsentUpdate,
    async (raw) => {
      const command = parseCommand(commands.withdrawConsentCommand, raw);
      state.sharing.consents.find((consent) => consent.id === command.consentId)!.withdrawnAt = now();
      evaluateSharing();
      await publish();
      return state.sharing.requests;
    },
    {
      validator: actionAllowedWhenFull(commands.withdrawConsentCommand, ({ consentId }) => {
        const consent = state.sharing.consents.find((candidate) => candidate.id === consentId);
        if (!consent) reject('NotPossible', `no consent ${consentId} on this case`);
        if (consent!.decision !== 'given') reject('NotPossible', 'only a consent that was given can be withdrawn');
        if (consent!.withdrawnAt) reject('NotPossible', `this consent was already withdrawn at ${consent!.withdrawnAt}`);
      }),
    },
  );

  function lawfulBasisApproval(command: commands.LawfulBasisCommand): LawfulBasisApproval {
    return {
      requestId: command.requestId,
      basis: command.basis,
      approvedBy: command.actor.staffId,
      approverRole: command.actor.role as LawfulBasisApproval['approverRole'],
      approvedAt: now(),
      rationale: command.rationale,
      tellSurvivor: command.tellSurvivor,
      reasonNotTelling: command.reasonNotTelling,
    };
  }

  setHandler(
    messages.approveLawfulBasisUpdate,
    async (raw) => {
      const command = parseCommand(commands.recordedLawfulBasisCommand, raw);
      state.sharing.approvals.push(lawfulBasisApproval(command));
      evaluateSharing();
      await publish();
      return findSharing(command.requestId)!;
    },
    {
      validator: staffAction(commands.lawfulBasisCommand, (command) => {
        assertRoomForEntry('lawfulBasisApprovals');
        if (!isAtLeast(command.actor.role, 'manager')) {
          reject('NotPermitted', 'only a manager, DA lead or head of service can approve sharing without consent');
        }
        const entry = findSharing(command.requestId);
        if (!entry) reject('NotPossible', `no sharing request ${command.requestId} on this case`);
        if (entry!.status === 'released') reject('NotPossible', 'this information has already been released');
        // No lawful basis reaches the perpetrator, so approving one would only record a false permission.
        if (isPerpetratorRecipient(entry!.request, sharingContext.perpetratorIdentifiers)) reject('NotPossible', PERPETRATOR_REFUSAL);
        if (command.basis === 'high_risk_marac' && state.risk.level !== 'high') {
          reject('NotPossible', 'the high-risk MARAC basis needs a case assessed as high risk');
        }
        const problems = validateLawfulBasisApproval(lawfulBasisApproval(command), profile.lawfulBasesForSharingWithoutConsent);
        if (problems.length > 0) reject('NotPossible', problems.join('; '));
      }),
    },
  );

  setHandler(
    messages.releaseInformationUpdate,
    async (raw) => {
      const command = parseCommand(commands.releaseCommand, raw);
      const entry = findSharing(command.requestId)!;
      const decision = decideSharing(entry.request, state.sharing.consents, state.sharing.approvals, sharingContext);
      if (decision.outcome !== 'release') throw new Error('unreachable: the validator checked the request is authorised');
      const release = {
        at: now(),
        by: command.actor.staffId,
        basis: decision.basis,
        consentId: decision.basis === 'consent' ? decision.consentId : undefined,
        approvedBy: decision.basis === 'consent' ? undefined : decision.approvedBy,
        tellSurvivor: decision.basis === 'consent' ? true : decision.tellSurvivor,
      };
      // Released from this instant: a second release or a later withdrawal cannot slip in while the
      // ledger is written.
      entry.release = release;
      entry.status = 'released';
      await activities.recordInformationRelease({
        caseId: state.caseId,
        organisationId: disclosure.organisationId,
        requestId: entry.request.id,
        agency: entry.request.agency,
        purpose: entry.request.purpose,
        dataCategories: entry.request.dataCategories,
        ...release,
      });
      await publish();
      return entry;
    },
    {
      validator: staffAction(commands.releaseCommand, ({ requestId }) => {
        const entry = findSharing(requestId);
        if (!entry) reject('NotPossible', `no sharing request ${requestId} on this case`);
        if (entry!.status === 'released') reject('NotPossible', 'this information has already been released');
        if (entry!.status === 'blocked') reject('NotPossible', `nothing may be sent: ${entry!.blockedReason}`);
        if (entry!.status === 'awaiting_decision') {
          reject('NotPossible', "nothing may be sent until the survivor consents or a manager approves a lawful basis");
        }
      }),
    },
  );

  setHandler(
    messages.recordSafeguardingReferralUpdate,
    async (raw) => {
      const command = parseCommand(commands.safeguardingReferralCommand, raw);
      state.safeguardingReferrals.push({ subject: command.subject, agency: command.agency, at: now(), by: command.actor.staffId });
      await publish();
      return view();
    },
    { validator: staffAction(commands.safeguardingReferralCommand, () => assertRoomForEntry('safeguardingReferrals')) },
  );

  setHandler(
    messages.recordPerpetratorReferralUpdate,
    async (raw) => {
      const command = parseCommand(commands.perpetratorReferralCommand, raw);
      (state.perpetratorReferrals ??= []).push({ route: command.route, agency: command.agency, at: now(), by: command.actor.staffId });
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.perpetratorReferralCommand, ({ route }) => {
        assertRoomForEntry('perpetratorReferrals');
        if (!profile.referralRoutes[route]) reject('NotPossible', `${route.toUpperCase()} is not a route ${profile.organisationName}'s policy uses`);
      }),
    },
  );

  setHandler(
    messages.recordManagerReviewUpdate,
    async (raw) => {
      const command = parseCommand(commands.managerReviewCommand, raw);
      const at = now();
      state.reviews.push({ at, by: command.actor.staffId, notes: command.notes });
      deadlines.start('managerReview', at, profile.timescales.managerReview);
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.managerReviewCommand, ({ actor }) => {
        assertRoomForEntry('reviews');
        if (!isAtLeast(actor.role, 'manager')) reject('NotPermitted', 'a case review is recorded by a manager, DA lead or head of service');
      }),
    },
  );

  setHandler(
    messages.recordIncidentUpdate,
    async (raw) => {
      const command = parseCommand(commands.incidentCommand, raw);
      const recordedAt = now();
      state.incidents.push({ occurredAt: command.occurredAt, recordedAt, by: command.actor.staffId, policeCalled: command.policeCalled });
      // A new incident calls for a fresh risk assessment within the DASH timescale.
      deadlines.start('riskReassessment', recordedAt, profile.timescales.dashAssessment);
      await publish();
      return view();
    },
    { validator: staffAction(commands.incidentCommand, () => assertRoomForEntry('incidents')) },
  );

  setHandler(
    messages.closeCaseUpdate,
    async (raw) => {
      const command = parseCommand(commands.closeCaseCommand, raw);
      state.closure = {
        at: now(),
        by: command.actor.staffId,
        byRole: command.actor.role,
        reason: command.reason,
        survivorAgrees: command.survivorAgrees,
        ...(command.openChildren.length > 0 ? { openChildren: command.openChildren } : {}),
      };
      state.status = 'closed';
      // Closing the case settles what it started: each open child stops its deadlines and reports back.
      for (const child of openChildren()) {
        try {
          await getExternalWorkflowHandle(child.workflowId).signal(settleChildSignal, { reason: 'case_closed' });
        } catch {
          // It had already ended (its last report was stale): nothing is left to settle.
          child.open = false;
        }
      }
      await publish();
      return view();
    },
    {
      validator: actionAllowedWhenFull(commands.closeCaseCommand, ({ actor, reason, survivorAgrees, openChildren: named }) => {
        if (reason === 'resolved' && profile.closure.requiresSurvivorAgreement && !survivorAgrees) {
          reject('NotPossible', 'a case is closed as resolved only when the survivor agrees it is resolved');
        }
        const unanswered = state.contactAttempts.filter((attempt) => attempt.outcome === 'not_reached').length;
        if (reason === 'uncontactable' && unanswered < profile.closure.uncontactableAttempts) {
          reject('NotPossible', `${unanswered} unanswered contact attempts are recorded; the policy needs ${profile.closure.uncontactableAttempts} before closing as uncontactable`);
        }
        const approver = approverRoleForRung(profile.closure.highRiskClosureApprover);
        const approverTitle = roleTitle(profile.closure.highRiskClosureApprover, 'DA lead');
        if (state.risk.level === 'high' && !isAtLeast(actor.role, approver)) {
          reject('NotPermitted', `a high-risk case can only be closed with ${approverTitle} approval`);
        }
        const stillOpen = openChildren();
        if (stillOpen.length > 0 && !isAtLeast(actor.role, approver)) {
          reject('NotPermitted', `${stillOpen.length} linked workflow(s) still open (${stillOpen.map((c) => c.kind).join(', ')}): closing needs ${approverTitle} approval`);
        }
        const problems = childDispositionProblems(state.children, named);
        if (problems.length > 0) reject('NotPossible', problems.join('; '));
      }),
    },
  );

  setHandler(
    messages.requestMaracReferralUpdate,
    async (raw) => {
      parseCommand(commands.recordedMaracReferralRequestCommand, raw);
      state.marac = { status: 'referral_required', requiredSince: state.marac.requiredSince ?? now() };
      return startMaracReferral('professional_judgement', now());
    },
    {
      validator: staffAction(commands.maracReferralRequestCommand, () => {
        assertRoomForEntry('linkedWorkflows');
        if (openChildren('marac').length > 0) reject('NotPossible', 'a MARAC referral for this case is already open');
      }),
    },
  );

  setHandler(
    messages.requestEmergencyRepairsUpdate,
    async (raw) => {
      const command = parseCommand(commands.recordedEmergencyRepairsCommand, raw);
      return startChildWorkflow('repairs', (workflowId) =>
        startChild(repairsWorkflow, {
          ...childOptions(workflowId),
          args: [{ ...childContext(), orderId: uuid4(), requestedAt: now(), propertyReference: disclosure.survivor.reference, works: command.works, securityScheme: command.securityScheme }],
        }),
      );
    },
    { validator: staffAction(commands.emergencyRepairsCommand, () => assertRoomForEntry('linkedWorkflows')) },
  );

  setHandler(
    messages.requestRehousingUpdate,
    async (raw) => {
      parseCommand(commands.rehousingRequestCommand, raw);
      return startChildWorkflow('rehousing', (workflowId) =>
        startChild(rehousingWorkflow, {
          ...childOptions(workflowId),
          args: [{ ...childContext(), requestId: uuid4(), requestedAt: now(), immediateDanger: disclosure.immediateDanger }],
        }),
      );
    },
    {
      validator: staffAction(commands.rehousingRequestCommand, () => {
        assertRoomForEntry('linkedWorkflows');
        if (openChildren('rehousing').length > 0) reject('NotPossible', 'rehousing for this case is already under way');
      }),
    },
  );

  // --- lifecycle ----------------------------------------------------------------------------
  if (!input.carriedState) {
    await publish();
    if (disclosure.immediateDanger) {
      await raise({ kind: 'immediate_danger', task: 'disclosure', rung: 'da_lead', recipientRole: 'da_lead', recipientTitle: roleTitle('da_lead', 'DA lead') });
    }
    deadlines.start('initialContact', state.openedAt, profile.timescales.initialContact);
    deadlines.start('dashAssessment', state.openedAt, profile.timescales.dashAssessment);
    deadlines.start('managerReview', state.openedAt, profile.timescales.managerReview);
  } else {
    deadlines.resumeOpen();
  }

  const continueAsNewAfter = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const continueAsNewAfterBytes = input.continueAsNewAfterHistoryBytes ?? DEFAULT_CONTINUE_AS_NEW_AFTER_HISTORY_BYTES;
  // Runs that started before the size trigger keep continuing as new where their history says they did.
  const continuesOnHistorySize = patched('continue-as-new-on-history-size');
  const historyIsLong = () =>
    workflowInfo().continueAsNewSuggested ||
    workflowInfo().historyLength >= continueAsNewAfter ||
    (continuesOnHistorySize && workflowInfo().historySize >= continueAsNewAfterBytes);
  await condition(() => state.status === 'closed' || historyIsLong());

  if (state.status === 'open') {
    // Hand over only at rest, so no update, alert or projection is cut off half-way.
    await condition(() => inFlight.idle() && allHandlersFinished());
    return continueAsNew<typeof caseWorkflow>({ ...input, carriedState: state });
  }

  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  const feedback = await activities.scheduleDeadline({
    from: state.closure!.at,
    timescale: profile.feedback.requestAfter,
    reminderBefore: { unit: 'calendar_hours', amount: 0 },
    ladder: [],
    region: profile.region,
    businessHours: profile.businessHours,
  });
  await waitUntil(feedback.dueAt, () => false);
  // Feedback is asked for only through a channel the survivor said is safe; the officer chooses it.
  await raise({ kind: 'feedback_due', task: 'feedback', recipientRole: 'case_officer', recipientTitle: 'Case officer' });
  state.feedbackRequestedAt = now();
  await publish();
  await condition(inFlight.idle);
  return { caseId: state.caseId, closedAt: state.closure!.at, reason: state.closure!.reason };
}
