import { randomUUID } from 'node:crypto';
import { DEFAULT_RETENTION_POLICY, retentionPolicyOf } from '../../src/policy/retention';
import {
  casesDueForErasure,
  erasureVerdict,
  requestedErasureRefusal,
  retentionEndsAt,
  type RetentionCandidate,
} from '../../src/privacy/retention';
import { shippedProfiles } from '../support/profiles';

const six = { yearsAfterClosure: 6 };
const closed = (closedAt: string, extra: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
  caseId: randomUUID(),
  status: 'closed',
  closedAt: new Date(closedAt),
  erasedAt: undefined,
  holds: [],
  ...extra,
});

describe('the retention period', () => {
  it('ends the given number of years after the closure, to the instant', () => {
    expect(retentionEndsAt(new Date('2026-03-10T14:30:00Z'), six).toISOString()).toBe('2032-03-10T14:30:00.000Z');
    expect(retentionEndsAt(new Date('2026-03-10T14:30:00Z'), { yearsAfterClosure: 1 }).toISOString()).toBe(
      '2027-03-10T14:30:00.000Z',
    );
  });

  it('ends on 1 March for a closure on 29 February, in a year without one', () => {
    expect(retentionEndsAt(new Date('2028-02-29T10:00:00Z'), { yearsAfterClosure: 1 }).toISOString()).toBe(
      '2029-03-01T10:00:00.000Z',
    );
    expect(retentionEndsAt(new Date('2028-02-29T10:00:00Z'), { yearsAfterClosure: 4 }).toISOString()).toBe(
      '2032-02-29T10:00:00.000Z',
    );
  });

  it('is six years, a labelled platform default, in every shipped profile; older profiles get the default', () => {
    for (const profile of shippedProfiles.list()) {
      expect(retentionPolicyOf(profile)).toEqual(six);
      expect(profile.provenance['retention.yearsAfterClosure']).toEqual({ source: 'platform_default' });
    }
    const { retention: _retention, ...older } = shippedProfiles.list()[0]!;
    expect(retentionPolicyOf(older as never)).toEqual(DEFAULT_RETENTION_POLICY);
  });
});

describe('which cases the retention sweep erases', () => {
  const now = new Date('2032-06-01T00:00:00Z');

  it('a closed case past its period, and no other', () => {
    expect(erasureVerdict(closed('2026-05-31T23:59:59Z'), six, now)).toEqual({
      due: true,
      retentionEndedAt: new Date('2032-05-31T23:59:59Z'),
    });
    expect(erasureVerdict(closed('2026-06-01T00:00:00Z'), six, now).due).toBe(true);
    expect(erasureVerdict(closed('2026-06-01T00:00:01Z'), six, now)).toMatchObject({
      due: false,
      reason: 'within_retention',
    });
    expect(erasureVerdict(closed('2020-01-01T00:00:00Z', { status: 'open' }), six, now)).toEqual({
      due: false,
      reason: 'open',
    });
    expect(erasureVerdict({ ...closed('2020-01-01T00:00:00Z'), closedAt: undefined }, six, now).due).toBe(false);
  });

  it('never a case under a legal hold, nor one already erased', () => {
    expect(erasureVerdict(closed('2020-01-01T00:00:00Z', { holds: ['hold-1'] }), six, now)).toMatchObject({
      due: false,
      reason: 'legal_hold',
      holdId: 'hold-1',
    });
    expect(erasureVerdict(closed('2020-01-01T00:00:00Z', { erasedAt: new Date('2031-01-01') }), six, now)).toEqual({
      due: false,
      reason: 'erased',
    });
  });

  it("weighs each case under its own profile's period", () => {
    const kent = closed('2029-01-01T00:00:00Z', { caseId: 'kent' });
    const short = closed('2029-01-01T00:00:00Z', { caseId: 'short' });
    const held = closed('2020-01-01T00:00:00Z', { caseId: 'held', holds: ['h'] });
    const due = casesDueForErasure(
      [kent, short, held],
      (candidate) => (candidate.caseId === 'short' ? { yearsAfterClosure: 3 } : six),
      now,
    );
    expect(due.map((candidate) => candidate.caseId)).toEqual(['short']);
  });
});

describe('an approved erasure request', () => {
  it('erases a closed case at once, before its period ends, but not an open one or one under a hold', () => {
    expect(requestedErasureRefusal(closed('2032-05-01T00:00:00Z'))).toBeUndefined();
    expect(requestedErasureRefusal(closed('2032-05-01T00:00:00Z', { status: 'open' }))).toEqual({ reason: 'open' });
    expect(requestedErasureRefusal(closed('2032-05-01T00:00:00Z', { holds: ['h-2', 'h-3'] }))).toEqual({
      reason: 'legal_hold',
      holdId: 'h-2',
    });
  });
});
