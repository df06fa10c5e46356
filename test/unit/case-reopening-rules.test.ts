import {
  lastReopenedAt,
  reopenedState,
  reopeningPeriodEndsAt,
  reopeningRefusals,
  type ReopeningCase,
} from '../../src/case/rules/reopening';
import { isDeadlineSatisfied } from '../../src/case/rules/deadlines';
import { reopeningPolicyOf } from '../../src/policy/reopening';
import type { CaseDeadline, CaseState } from '../../src/case/state';
import type { PolicyProfile } from '../../src/policy';
import { shippedProfile } from '../support/profiles';

const stonewater = shippedProfile('stonewater');
const manager = { staffId: 'staff-m', role: 'manager' } as const;
const caseworker = { staffId: 'staff-c', role: 'caseworker' } as const;
const closedAt = '2031-03-10T10:00:00.000Z';
const closure = {
  at: closedAt,
  by: 'staff-c',
  byRole: 'caseworker',
  reason: 'resolved',
  survivorAgrees: true,
} as const;
const closedCase = (profile: PolicyProfile = stonewater): ReopeningCase => ({ status: 'closed', closure, profile });

describe('the period for reopening a closed case', () => {
  it('is the profile’s calendar days from the closure, 90 by the platform default', () => {
    expect(stonewater.reopening).toEqual({ within: { unit: 'calendar_days', amount: 90 } });
    expect(stonewater.provenance['reopening.within']).toEqual({ source: 'platform_default' });
    expect(reopeningPeriodEndsAt(closedAt, stonewater)).toBe('2031-06-08T10:00:00.000Z');
  });

  it('defaults for a profile recorded in a case before reopening existed', () => {
    const { reopening: _absent, ...recorded } = stonewater;
    expect(reopeningPolicyOf(recorded as PolicyProfile)).toEqual({ within: { unit: 'calendar_days', amount: 90 } });
  });

  it('follows a profile that sets its own period', () => {
    const short = { ...stonewater, reopening: { within: { unit: 'calendar_days', amount: 7 } } } as PolicyProfile;
    expect(reopeningPeriodEndsAt(closedAt, short)).toBe('2031-03-17T10:00:00.000Z');
    expect(reopeningRefusals(closedCase(short), manager, '2031-03-17T10:00:00.001Z')).toHaveLength(1);
  });
});

describe('who may reopen a case, and when', () => {
  it('lets a manager (or above) reopen a closed case within the period, to its last instant', () => {
    expect(reopeningRefusals(closedCase(), manager, '2031-03-11T09:00:00.000Z')).toEqual([]);
    expect(reopeningRefusals(closedCase(), { staffId: 'staff-d', role: 'da_lead' }, closedAt)).toEqual([]);
    expect(reopeningRefusals(closedCase(), manager, '2031-06-08T10:00:00.000Z')).toEqual([]);
  });

  it('refuses a caseworker', () => {
    expect(reopeningRefusals(closedCase(), caseworker, '2031-03-11T09:00:00.000Z')).toEqual([
      { type: 'NotPermitted', message: 'only a manager or above reopens a case, not a caseworker' },
    ]);
  });

  it('after the period, says to open a new linked case instead', () => {
    expect(reopeningRefusals(closedCase(), manager, '2031-06-08T10:00:00.001Z')).toEqual([
      {
        type: 'NotPossible',
        message:
          'the period for reopening (90 calendar days from the closure) ended at 2031-06-08T10:00:00.000Z: open a new case linked to this one (POST /cases with linkedToCaseId)',
      },
    ]);
  });

  it('refuses to reopen a case that is open', () => {
    const open: ReopeningCase = { status: 'open', profile: stonewater };
    expect(reopeningRefusals(open, manager, closedAt)).toEqual([
      { type: 'NotPossible', message: 'the case is open: only a closed case is reopened' },
    ]);
  });
});

describe('the reopened case', () => {
  const request = {
    at: '2031-04-01T09:00:00.000Z',
    by: 'staff-m',
    byRole: 'manager',
    kind: 'new_incident',
    reason: 'A new incident was reported.',
  } as const;
  const closed = {
    caseId: 'c-1',
    status: 'closed',
    closure,
    feedbackRequestedAt: '2031-03-31T09:00:00.000Z',
    contactAttempts: [{ at: '2031-03-01T09:00:00.000Z', by: 'staff-c', outcome: 'reached', channel: 'phone' }],
    assessments: [{ at: '2031-03-02T09:00:00.000Z' }],
    reviews: [],
    stateVersion: 7,
  } as unknown as CaseState;

  it('is open again, keeps every earlier entry, and keeps the closure it undid', () => {
    const reopened = reopenedState(closed, request);
    expect(reopened.status).toBe('open');
    expect(reopened.closure).toBeUndefined();
    expect(reopened.feedbackRequestedAt).toBeUndefined();
    expect(reopened.contactAttempts).toEqual(closed.contactAttempts);
    expect(reopened.stateVersion).toBe(7);
    expect(reopened.reopenings).toEqual([{ ...request, closure, feedbackRequestedAt: closed.feedbackRequestedAt }]);
    expect(lastReopenedAt(reopened)).toBe(request.at);
  });

  it('owes contact and a DASH afresh: only those since the reopening meet its new deadlines', () => {
    const reopened = reopenedState(closed, request);
    const deadline = (task: CaseDeadline['task']) => ({ id: `${task}#2`, task, startedAt: request.at }) as CaseDeadline;
    expect(isDeadlineSatisfied(deadline('initialContact'), closed)).toBe(true);
    expect(isDeadlineSatisfied(deadline('initialContact'), reopened)).toBe(false);
    expect(isDeadlineSatisfied(deadline('dashAssessment'), reopened)).toBe(false);
    const contacted = {
      ...reopened,
      contactAttempts: [
        ...reopened.contactAttempts,
        { at: '2031-04-01T10:00:00.000Z', by: 'staff-c', outcome: 'reached', channel: 'phone' },
      ],
    } as CaseState;
    expect(isDeadlineSatisfied(deadline('initialContact'), contacted)).toBe(true);
  });
});
