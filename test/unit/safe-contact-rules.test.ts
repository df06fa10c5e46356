import { currentSafeContact } from '../../src/case/rules/safe-contact';
import { safeContactRefusals, unsafeContactReasons, type SafeContactProfile } from '../../src/contact/safe-contact';
import type { CaseState } from '../../src/case/state';

const textOnly: SafeContactProfile = { channels: ['text'], lettersSafe: false, voicemailSafe: false };
const officer = { staffId: 'officer-ada', role: 'caseworker' } as const;
const manager = { staffId: 'mgr-bea', role: 'manager' } as const;
const override = { justification: 'Police advise contact by phone now: risk to life.' };

describe('safe contact', () => {
  it('lets staff reach the survivor only as their profile says is safe', () => {
    expect(safeContactRefusals(textOnly, { actor: officer, channel: 'text' })).toEqual([]);
    expect(unsafeContactReasons(textOnly, { actor: officer, channel: 'phone', leftVoicemail: true })).toEqual([
      "phone is not one of the survivor's safe channels",
      'voicemail is not safe for the survivor',
    ]);
    expect(unsafeContactReasons({ ...textOnly, channels: ['letter'] }, { actor: officer, channel: 'letter' })).toEqual([
      'letters are not safe for the survivor',
    ]);
    expect(safeContactRefusals(textOnly, { actor: officer, channel: 'in_person' })).toEqual([
      {
        type: 'NotPossible',
        message:
          "in person is not one of the survivor's safe channels: use a safe channel, or a manager may override with a recorded justification",
      },
    ]);
  });

  it('takes an override with a justification from a manager or above only', () => {
    expect(safeContactRefusals(textOnly, { actor: manager, channel: 'phone', override })).toEqual([]);
    for (const channel of ['phone', 'text'] as const) {
      expect(safeContactRefusals(textOnly, { actor: officer, channel, override })).toEqual([
        { type: 'NotPermitted', message: 'only a manager, DA lead or head of service can override safe contact' },
      ]);
    }
    // nothing outside the profile, so no override is recorded
    expect(safeContactRefusals(textOnly, { actor: manager, channel: 'text', override })).toEqual([
      { type: 'NotPossible', message: 'this contact is within the safe-contact profile: there is nothing to override' },
    ]);
  });

  it('follows the profile as last agreed with the survivor', () => {
    const disclosure = { safeContact: textOnly } as CaseState['disclosure'];
    expect(currentSafeContact({ disclosure })).toBe(textOnly);
    const agreed: SafeContactProfile = { channels: ['phone'], lettersSafe: true, voicemailSafe: true };
    expect(currentSafeContact({ disclosure, safeContact: { profile: agreed, changes: [] } })).toBe(agreed);
  });
});
