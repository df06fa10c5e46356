import { partnerDateProblem } from '../../src/platform/dates';

describe('partnerDateProblem: the dates a partner gives for work it was asked to do', () => {
  const at = { requestedAt: '2027-03-01T10:00:00Z', now: '2027-03-02T10:00:00Z' };

  it('accepts work done after the request, up to now', () => {
    expect(partnerDateProblem('2027-03-01T16:00:00Z', 'done', at)).toBeUndefined();
    expect(partnerDateProblem('2027-03-02T10:03:00Z', 'done', at)).toBeUndefined();
  });

  it('refuses work done before it was asked for, or in the future', () => {
    expect(partnerDateProblem('2001-03-01T10:00:00Z', 'done', at)).toBe(
      'must be after the request (2027-03-01T10:00:00Z)',
    );
    expect(partnerDateProblem('2027-03-01T10:00:00Z', 'done', at)).toBe(
      'must be after the request (2027-03-01T10:00:00Z)',
    );
    expect(partnerDateProblem('2027-03-03T10:00:00Z', 'done', at)).toBe(
      'must not be in the future (it is now 2027-03-02T10:00:00Z)',
    );
  });

  it('accepts work due after the request and within a year', () => {
    expect(partnerDateProblem('2027-03-04T12:00:00+01:00', 'due', at)).toBeUndefined();
    expect(partnerDateProblem('2028-03-01T10:00:00Z', 'due', at)).toBeUndefined();
  });

  it('refuses work due before the request or more than a year away', () => {
    expect(partnerDateProblem('2001-01-01T00:00:00Z', 'due', at)).toBe(
      'must be after the request (2027-03-01T10:00:00Z)',
    );
    expect(partnerDateProblem('2028-03-03T10:00:00Z', 'due', at)).toBe('must be within 365 days');
  });

  it('counts a date without a time as its whole day', () => {
    expect(partnerDateProblem('2027-03-01', 'due', at)).toBeUndefined();
    expect(partnerDateProblem('2027-02-28', 'due', at)).toBe('must be after the request (2027-03-01T10:00:00Z)');
    expect(partnerDateProblem('2028-03-01', 'due', at)).toBeUndefined();
    expect(partnerDateProblem('2028-03-02', 'due', at)).toBe('must be within 365 days');
  });
});
