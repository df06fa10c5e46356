import type { Refusal } from '../../platform/workflow/validation';
import type { NotificationCommand } from '../commands';
import type { CaseNotification, CaseState } from '../state';

/** Why this notification cannot be recorded; empty when it can. */
export function notificationRefusals(
  state: Pick<CaseState, 'openedAt' | 'sharing' | 'risk'>,
  command: NotificationCommand,
  now: string,
): Refusal[] {
  // instants may carry any offset: compared as times, never as text
  const notifiedAt = Date.parse(command.notifiedAt);
  if (notifiedAt > Date.parse(now))
    return [{ type: 'InvalidCommand', message: `notifiedAt: must not be in the future (it is now ${now})` }];
  if (notifiedAt < Date.parse(state.openedAt))
    return [{ type: 'InvalidCommand', message: `notifiedAt: must not be before the case opened (${state.openedAt})` }];
  if (command.sharingRequestId === undefined) return [];
  const sharing = state.sharing.requests.find((entry) => entry.request.id === command.sharingRequestId);
  if (!sharing)
    return [{ type: 'NotPossible', message: `no sharing request ${command.sharingRequestId} on this case` }];
  if (!sharing.release)
    return [
      {
        type: 'NotPossible',
        message: `sharing request ${sharing.request.id} is ${sharing.status.replaceAll('_', ' ')}: an agency is told only once its information is released under consent or a recorded lawful basis`,
      },
    ];
  // Kent 004 §6.3: "In cases where the threshold is not met, with the agreement of the victim/survivor, we will make referrals to other support".
  if (command.referralForSupport && state.risk.level !== 'high' && sharing.release.basis !== 'consent')
    return [
      {
        type: 'NotPossible',
        message: `below the MARAC threshold a referral to other support goes only with the survivor's agreement: sharing request ${sharing.request.id} was released without their consent`,
      },
    ];
  if (notifiedAt < Date.parse(sharing.release.at))
    return [
      {
        type: 'InvalidCommand',
        message: `notifiedAt: must not be before the information was released (${sharing.release.at})`,
      },
    ];
  return [];
}

/** The basis a notification to an agency went under, from the consent ledger's release of its sharing request. */
export function sharedUnderOf(
  state: Pick<CaseState, 'sharing'>,
  requestId: string,
): NonNullable<CaseNotification['sharedUnder']> {
  const { request, release } = state.sharing.requests.find((entry) => entry.request.id === requestId)!;
  return {
    requestId,
    agency: request.agency,
    purpose: request.purpose,
    basis: release!.basis,
    ...(release!.consentId !== undefined && { consentId: release!.consentId }),
    ...(release!.approvedBy !== undefined && { approvedBy: release!.approvedBy }),
  };
}
