import { isAtLeast, type Actor } from '../../staff/staff';
import type { Refusal } from '../../platform/workflow/validation';
import type { SafeContactProfile } from '../disclosure';
import type { CaseState } from '../state';

/** The survivor's safe-contact profile as it stands: the disclosure's, or the latest agreed with them since. */
export const currentSafeContact = (state: Pick<CaseState, 'disclosure' | 'safeContact'>): SafeContactProfile =>
  state.safeContact?.profile ?? state.disclosure.safeContact;

export interface OutboundContact {
  actor: Actor;
  channel: SafeContactProfile['channels'][number];
  /** a voicemail was (to be) left */
  leftVoicemail?: boolean;
  /** a manager's recorded reason for going outside the profile, e.g. a risk to life */
  override?: { justification: string };
}

/** Why reaching the survivor this way is unsafe by their own profile; empty when it is safe. */
export function unsafeContactReasons(profile: SafeContactProfile, contact: OutboundContact): string[] {
  const reasons: string[] = [];
  if (!profile.channels.includes(contact.channel))
    reasons.push(`${contact.channel.replace(/_/g, ' ')} is not one of the survivor's safe channels`);
  if (contact.channel === 'letter' && !profile.lettersSafe) reasons.push('letters are not safe for the survivor');
  if (contact.leftVoicemail && !profile.voicemailSafe) reasons.push('voicemail is not safe for the survivor');
  return reasons;
}

/**
 * Every step that reaches the survivor is held to their safe-contact profile: an unsafe one is refused
 * with the reason, unless a manager (or above) overrides it with a recorded justification.
 */
export function safeContactRefusals(profile: SafeContactProfile, contact: OutboundContact): Refusal[] {
  const reasons = unsafeContactReasons(profile, contact);
  if (contact.override) {
    if (!isAtLeast(contact.actor.role, 'manager'))
      return [
        { type: 'NotPermitted', message: 'only a manager, DA lead or head of service can override safe contact' },
      ];
    // an override is a record of going outside the profile: none where nothing was outside it
    if (reasons.length === 0)
      return [
        {
          type: 'NotPossible',
          message: 'this contact is within the safe-contact profile: there is nothing to override',
        },
      ];
    return [];
  }
  if (reasons.length > 0) {
    return [
      {
        type: 'NotPossible',
        message: `${reasons.join('; ')}: use a safe channel, or a manager may override with a recorded justification`,
      },
    ];
  }
  return [];
}
