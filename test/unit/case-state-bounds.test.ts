import {
  ACTION_HEADROOM_BYTES,
  CASE_ENTRY_LIMITS,
  CASE_STATE_MAX_BYTES,
  caseEntryLimitRefusal,
  jsonBytes,
  stateSizeRefusal,
} from '../../src/case/state-bounds';
import type { CaseState } from '../../src/case/state';

const stateWith = (parts: Partial<CaseState>): CaseState =>
  ({
    contactAttempts: [],
    assessments: [],
    incidents: [],
    sharing: { requests: [], consents: [], approvals: [] },
    safeguardingReferrals: [],
    reviews: [],
    children: [],
    ...parts,
  }) as unknown as CaseState;

describe('how many entries of a kind a case keeps', () => {
  const referrals = (count: number) =>
    Array.from({ length: count }, () => ({
      subject: 'child' as const,
      agency: 'Test agency',
      at: '2026-02-02T10:00:00Z',
      by: 'officer-ada',
    }));

  it('takes entries up to the limit and refuses the next, saying nothing was recorded', () => {
    const limit = CASE_ENTRY_LIMITS.safeguardingReferrals;
    expect(
      caseEntryLimitRefusal(stateWith({ safeguardingReferrals: referrals(limit - 1) }), 'safeguardingReferrals'),
    ).toBeUndefined();
    expect(caseEntryLimitRefusal(stateWith({ safeguardingReferrals: referrals(limit) }), 'safeguardingReferrals')).toBe(
      `this case already holds ${limit} safeguarding referrals, as many as one case can keep; nothing was recorded`,
    );
  });

  it('counts perpetrator referrals on a state carried from before they existed as none', () => {
    expect(caseEntryLimitRefusal(stateWith({}), 'perpetratorReferrals')).toBeUndefined();
  });

  it('counts the sharing requests apart from the consents', () => {
    const requests = Array.from({ length: CASE_ENTRY_LIMITS.sharingRequests }, () => ({}));
    const state = stateWith({ sharing: { requests, consents: [], approvals: [] } as unknown as CaseState['sharing'] });
    expect(caseEntryLimitRefusal(state, 'sharingRequests')).toMatch(/already holds 150 sharing requests/);
    expect(caseEntryLimitRefusal(state, 'consentDecisions')).toBeUndefined();
  });
});

describe('the size of a case state', () => {
  it('is measured in UTF-8 bytes of its JSON, as Temporal carries it', () => {
    for (const value of [
      { text: 'plain' },
      { text: 'café' },
      { text: '€ and ✓' },
      { text: 'emoji 🏠🔑' },
      ['a', 1, null, { nested: 'ü' }],
    ]) {
      expect(jsonBytes(value)).toBe(Buffer.byteLength(JSON.stringify(value), 'utf8'));
    }
    // A lone surrogate is escaped by JSON.stringify, so it costs its six ASCII characters.
    expect(jsonBytes('\uD800')).toBe(Buffer.byteLength(JSON.stringify('\uD800'), 'utf8'));
  });

  it('takes an action that leaves room under the bound and refuses the one that would pass it', () => {
    const room = CASE_STATE_MAX_BYTES - ACTION_HEADROOM_BYTES;
    expect(stateSizeRefusal(room - 1000, 1000)).toBeUndefined();
    expect(stateSizeRefusal(room - 1000, 1001)).toBe(
      `this case's record holds ${Math.ceil((room - 1000) / 1024)} kB and this action would take it past the 256 kB one case can keep; nothing was recorded`,
    );
  });
});
