import { setHandler, uuid4 } from '@temporalio/workflow';
import { decideSharing, type LawfulBasisApproval } from '../../sharing/consent';
import { proxyRetriedActivities } from '../../platform/workflow/activity-proxy';
import { parseCommand, rejectFirst } from '../../platform/workflow/validation';
import * as commands from '../commands';
import * as messages from '../messages';
import {
  consentWithdrawalRefusals,
  findSharingRequest,
  lawfulBasisRefusals,
  releaseRefusals,
  survivorToldOfSharingRefusals,
} from '../rules/sharing';
import { outboundContactRecord } from '../../contact/safe-contact';
import type { CaseContext } from './context';
import type { SharingLedgerActivities } from '../../sharing/activities';

const activities = proxyRetriedActivities<SharingLedgerActivities>();

/** The consent gate: requests to share, the survivor's consent, lawful bases without it, and each release. */
export function registerSharing(context: CaseContext): void {
  const { state, profile, disclosure, now, publish, deadlines, staffAction, actionAllowedWhenFull, addsEntry, update } =
    context;
  const sharingContext = {
    allowedBases: profile.lawfulBasesForSharingWithoutConsent,
    perpetratorIdentifiers: disclosure.perpetrator.reference ? [disclosure.perpetrator.reference] : [],
  };
  /** Every consent, withdrawal or approval may change what each request not yet released may do. */
  function evaluateSharing(): void {
    for (const entry of state.sharing.requests) {
      if (entry.status === 'released') continue;
      const decision = decideSharing(entry.request, state.sharing.consents, state.sharing.approvals, sharingContext);
      entry.status = decision.outcome === 'release' ? 'authorised' : decision.outcome;
      entry.blockedReason = decision.outcome === 'blocked' ? decision.reason : undefined;
    }
  }
  const findSharing = (requestId: string) => findSharingRequest(state, requestId);

  setHandler(
    messages.requestSharingUpdate,
    update.answeringWith(commands.recordedSharingRequestCommand, (command) => {
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
        deadlines.start('consentDecision', request.requestedAt, profile.timescales.consentDecision, {
          subjectId: request.id,
        });
      }
      return entry;
    }),
    { validator: addsEntry(commands.sharingRequestCommand, 'sharingRequests') },
  );

  setHandler(
    messages.recordConsentDecisionUpdate,
    update.answeringWith(commands.recordedConsentDecisionCommand, (command) => {
      state.sharing.consents.push({
        id: uuid4(),
        scope: command.scope,
        decision: command.decision,
        decidedAt: now(),
        recordedBy: command.actor.staffId,
      });
      evaluateSharing();
      return state.sharing.requests;
    }),
    { validator: addsEntry(commands.consentDecisionCommand, 'consentDecisions') },
  );

  setHandler(
    messages.withdrawConsentUpdate,
    update.answeringWith(commands.withdrawConsentCommand, (command) => {
      state.sharing.consents.find((consent) => consent.id === command.consentId)!.withdrawnAt = now();
      evaluateSharing();
      return state.sharing.requests;
    }),
    {
      validator: actionAllowedWhenFull(commands.withdrawConsentCommand, ({ consentId }) =>
        rejectFirst(consentWithdrawalRefusals(state, consentId)),
      ),
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
    update.answeringWith(commands.recordedLawfulBasisCommand, (command) => {
      state.sharing.approvals.push(lawfulBasisApproval(command));
      evaluateSharing();
      return findSharing(command.requestId)!;
    }),
    {
      validator: addsEntry(commands.lawfulBasisCommand, 'lawfulBasisApprovals', (command) =>
        lawfulBasisRefusals(state, sharingContext, command.actor, lawfulBasisApproval(command)),
      ),
    },
  );

  setHandler(
    messages.recordSurvivorToldOfSharingUpdate,
    update.answeringWith(commands.survivorToldOfSharingCommand, (command) => {
      const entry = findSharing(command.requestId)!;
      entry.survivorTold = outboundContactRecord(command, now());
      return entry;
    }),
    {
      validator: staffAction(commands.survivorToldOfSharingCommand, (command) =>
        rejectFirst(survivorToldOfSharingRefusals(state, command)),
      ),
    },
  );

  // Spelled out: the release is written to the ledger before the change is published.
  setHandler(
    messages.releaseInformationUpdate,
    async (raw) => {
      const command = parseCommand(commands.releaseCommand, raw);
      const entry = findSharing(command.requestId)!;
      const decision = decideSharing(entry.request, state.sharing.consents, state.sharing.approvals, sharingContext);
      if (decision.outcome !== 'release')
        throw new Error('unreachable: the validator checked the request is authorised');
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
      validator: staffAction(commands.releaseCommand, ({ requestId }) =>
        rejectFirst(releaseRefusals(state, requestId)),
      ),
    },
  );
}
