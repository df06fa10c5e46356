import { z } from 'zod';
import { boundedText, REASONING_TEXT_MAX } from '../platform/text';
import { isAtLeast, type Actor } from '../staff/staff';
import type { Refusal } from '../platform/workflow/validation';

/*
 * Reaching the survivor safely: their safe-contact profile, and the check every outbound step (a
 * contact attempt, a feedback request, news of a repair delay or of sharing) is held to. Case and
 * child workflows both use it, so it depends on neither.
 */

export const contactChannels = ['phone', 'text', 'email', 'letter', 'in_person', 'video'] as const;

export const safeContactProfileSchema = z.strictObject({
  channels: z.array(z.enum(contactChannels)).min(1, 'at least one safe channel is needed to contact the survivor'),
  safeTimes: boundedText(200, { min: 0 }).optional(),
  lettersSafe: z.boolean(),
  voicemailSafe: z.boolean(),
  safeWord: boundedText(100).optional(),
});
export type SafeContactProfile = z.infer<typeof safeContactProfileSchema>;

/** How a step reached (or will reach) the survivor: the fields of every command that does. */
export const outboundContactFields = {
  channel: z.enum(contactChannels),
  /** a voicemail was left: only where the survivor said voicemail is safe */
  leftVoicemail: z.boolean().optional(),
  /** a manager's reason for going outside the survivor's safe-contact profile */
  override: z
    .strictObject({
      justification: boundedText(REASONING_TEXT_MAX, { min: 10, message: 'say in at least 10 characters why' }),
    })
    .optional(),
};

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

/** What a record of an outbound step keeps of how it reached the survivor, and who went outside their profile. */
export interface OutboundContactRecord {
  at: string;
  by: string;
  channel: string;
  leftVoicemail?: boolean;
  /** a manager went outside the survivor's safe-contact profile, and why */
  override?: { by: string; justification: string };
}

export function outboundContactRecord(
  contact: Omit<OutboundContact, 'channel'> & { channel: string },
  at: string,
): OutboundContactRecord {
  return {
    at,
    by: contact.actor.staffId,
    channel: contact.channel,
    ...(contact.leftVoicemail !== undefined && { leftVoicemail: contact.leftVoicemail }),
    ...(contact.override && { override: { by: contact.actor.staffId, ...contact.override } }),
  };
}
