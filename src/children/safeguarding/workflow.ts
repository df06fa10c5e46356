import { allHandlersFinished, condition, setHandler, workflowInfo } from '@temporalio/workflow';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import { safeguardingLadder, safeguardingPolicyOf } from '../../policy/safeguarding';
import type { SharingLedgerActivities } from '../../sharing/activities';
import { staffActionValidator } from '../../staff/staff-action-validator';
import { createChildRuntime } from '../kit';
import type { PartnerGatewayActivities } from '../partner-gateway';
import * as commands from './commands';
import * as messages from './messages';
import {
  acknowledgementRefusals,
  isSafeguardingDeadlineMet,
  makeReferralRefusals,
  outcomeRefusals,
  reviewRefusals,
  safeguardingActionRefusals,
  safeguardingDone,
  safeguardingLawfulBasis,
  safeguardingStatus,
} from './rules';
import type { SafeguardingInput, SafeguardingState } from './state';

const activities = proxyRetriedActivities<PartnerGatewayActivities & SharingLedgerActivities>();

/** What a safeguarding referral tells the local authority, as the sharing ledger records it. */
export const SAFEGUARDING_SHARED_CATEGORIES = ['household members at risk', 'domestic abuse disclosure', 'risk level'];

/**
 * A safeguarding referral to the local authority (issue 15): made within the profile's time of its
 * being called for, or the profile's safeguarding role hears first and the profile's ladder after;
 * made with the agency's name and reference, the lawful basis for sharing written to the sharing
 * ledger as it is made; acknowledged by the local authority, reviewed on the profile's interval
 * meanwhile, and closed by the local authority's outcome.
 */
export async function safeguardingReferralWorkflow(input: SafeguardingInput): Promise<SafeguardingState> {
  const state: SafeguardingState = {
    referralId: input.referralId,
    reason: input.reason,
    subjects: input.subjects,
    raisedAt: input.raisedAt,
    ...(input.raisedBy && { raisedBy: input.raisedBy }),
    ...(input.concern && { concern: input.concern }),
    status: 'to_refer',
    reviews: [],
    deadlines: [],
    alerts: [],
  };
  const policy = safeguardingPolicyOf(input.profile);
  const { deadlines, publish, inFlight, view, update } = createChildRuntime({
    context: input,
    kind: 'safeguarding',
    state,
    stateQuery: messages.getSafeguardingReferralQuery,
    statusOf: safeguardingStatus,
    isDone: safeguardingDone,
    isDeadlineMet: isSafeguardingDeadlineMet,
    // the case's reporting counts the referral when it is made
    extraStatus: () =>
      state.referral ? { referralMade: { at: state.referral.at, subjects: [...state.subjects] } } : {},
  });
  const now = () => new Date().toISOString();
  const staffAction = staffActionValidator(() => rejectFirst(safeguardingActionRefusals(state)));
  /** The next review, met by the review that brings the count to its number. */
  const startNextReview = (from: string) =>
    deadlines.start('safeguardingReview', from, policy.reviewEvery, { subjectId: `${state.reviews.length + 1}` });

  // Spelled out: the lawful basis is written to the sharing ledger before the change is published.
  setHandler(
    messages.makeSafeguardingReferralUpdate,
    async (raw) => {
      const command = parseCommand(commands.makeSafeguardingReferralCommand, raw);
      const at = now();
      const lawfulBasis = safeguardingLawfulBasis(state.subjects);
      // Made from this instant: a second making cannot slip in while the ledger is written.
      state.referral = {
        at,
        by: command.actor.staffId,
        agency: command.agency,
        agencyReference: command.agencyReference,
        survivorInformed: command.survivorInformed,
        ...(command.reasonNotInformed && { reasonNotInformed: command.reasonNotInformed }),
        lawfulBasis,
      };
      await activities.recordInformationRelease({
        caseId: input.caseId,
        organisationId: input.organisationId,
        requestId: state.referralId,
        agency: command.agency,
        purpose: 'safeguarding referral to the local authority',
        dataCategories: SAFEGUARDING_SHARED_CATEGORIES,
        basis: lawfulBasis,
        // the safeguarding duty is the referrer's own: they stand as its approver in the ledger
        approvedBy: command.actor.staffId,
        by: command.actor.staffId,
        at,
        tellSurvivor: command.survivorInformed,
      });
      startNextReview(at);
      await publish();
      return view();
    },
    {
      validator: staffAction(commands.makeSafeguardingReferralCommand, () => rejectFirst(makeReferralRefusals(state))),
    },
  );

  setHandler(
    messages.reviewSafeguardingReferralUpdate,
    update.answeringView(commands.reviewSafeguardingReferralCommand, (command) => {
      const at = now();
      state.reviews.push({ at, by: command.actor.staffId, summary: command.summary });
      startNextReview(at);
    }),
    { validator: staffAction(commands.reviewSafeguardingReferralCommand, () => rejectFirst(reviewRefusals(state))) },
  );

  // Partner callbacks answer a duplicate without publishing, so they spell their steps out.
  setHandler(
    messages.safeguardingAcknowledgedUpdate,
    async (raw) => {
      const { localAuthorityReference } = parseCommand(commands.safeguardingAcknowledgementCommand, raw);
      if (state.acknowledgement) return { changed: false, state: view() };
      state.acknowledgement = { at: now(), localAuthorityReference };
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => {
        const { localAuthorityReference } = parseCommand(commands.safeguardingAcknowledgementCommand, raw);
        rejectFirst(acknowledgementRefusals(state, localAuthorityReference));
      },
    },
  );

  setHandler(
    messages.safeguardingOutcomeUpdate,
    async (raw) => {
      const command = parseCommand(commands.safeguardingOutcomeCommand, raw);
      if (state.outcome) return { changed: false, state: view() };
      state.outcome = { at: now(), localAuthorityReference: command.localAuthorityReference, outcome: command.outcome };
      await publish();
      return { changed: true, state: view() };
    },
    {
      validator: (raw) => rejectFirst(outcomeRefusals(state, parseCommand(commands.safeguardingOutcomeCommand, raw))),
    },
  );

  await activities.registerPartnerRequest({
    requestId: input.referralId,
    partnerKind: 'local_authority',
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
  });
  deadlines.start('safeguardingReferral', input.raisedAt, policy.referralWithin, {
    ladder: safeguardingLadder(input.profile, input.urgent === true),
  });
  await publish();

  await condition(() => state.settled !== undefined || safeguardingDone(state));
  await condition(() => deadlines.allSettled() && inFlight.idle() && allHandlersFinished());
  await publish();
  return view();
}
