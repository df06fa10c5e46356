import { escalationRungs, scheduleDeadline } from '../../src/deadlines/schedule';
import type { ScheduleRequest } from '../../src/deadlines/contracts';
import { shippedProfile } from '../support/profiles';
import { london } from '../support/dates';

// A Monday in February 2031: no bank holiday, no clock change.
const MONDAY = '2031-02-03';
const ssj = shippedProfile('ssj');

const request = (overrides: Partial<ScheduleRequest>): ScheduleRequest => ({
  from: london(MONDAY, '10:00').toISOString(),
  timescale: { unit: 'working_days', amount: 1 },
  reminderBefore: ssj.reminderBeforeDue,
  ladder: ssj.escalationLadder,
  region: ssj.region,
  businessHours: ssj.businessHours,
  ...overrides,
});
const urgent = (overrides: Partial<ScheduleRequest> = {}) =>
  request({
    ladder: ssj.urgent.escalationLadder,
    urgent: { onCallRoleTitle: ssj.urgent.onCall.roleTitle },
    ...overrides,
  });
const timesOf = (rungs: { rung: string; at: string }[]) => rungs.map(({ rung, at }) => [rung, at]);

describe('urgent escalation', () => {
  it('alerts whoever is on call at once when an urgent deadline falls out of hours, then climbs in hours', () => {
    const due = london(MONDAY, '23:59:59.999');
    expect(timesOf(escalationRungs(urgent(), due))).toEqual([
      ['on_call', due.toISOString()],
      ['line_manager', due.toISOString()],
      ['da_lead', new Date(due.getTime() + 3_600_000).toISOString()],
      ['head_of_service', new Date(due.getTime() + 2 * 3_600_000).toISOString()],
    ]);
    expect(escalationRungs(urgent(), due)[0]!.roleTitle).toBe('Operational Security Team (OST)');
  });

  it('goes straight up the urgent ladder, without the on-call rung, when the deadline falls in office hours', () => {
    const due = london(MONDAY, '14:00');
    expect(timesOf(escalationRungs(urgent(), due))).toEqual([
      ['line_manager', london(MONDAY, '14:00').toISOString()],
      ['da_lead', london(MONDAY, '15:00').toISOString()],
      ['head_of_service', london(MONDAY, '16:00').toISOString()],
    ]);
  });

  it('counts closing time as out of hours: nobody is in the office to act at 17:00', () => {
    expect(escalationRungs(urgent(), london(MONDAY, '17:00'))[0]!.rung).toBe('on_call');
  });

  it('leaves routine deadlines on the working-day ladder, with no on-call rung', () => {
    const due = london(MONDAY, '23:00');
    expect(timesOf(escalationRungs(request({}), due))).toEqual([
      ['line_manager', due.toISOString()],
      ['da_lead', london('2031-02-04', '17:00').toISOString()],
      ['head_of_service', london('2031-02-05', '17:00').toISOString()],
    ]);
  });
});

describe('reminders out of hours', () => {
  // 12 hours from 22:00 is due at 10:00; an 8-hour lead would remind the officer at 02:00.
  const overnight = { from: london(MONDAY, '22:00').toISOString(), timescale: { unit: 'calendar_hours', amount: 12 } };
  const eightHoursAhead = { unit: 'calendar_hours', amount: 8 } as const;

  it('waits for the office to open for routine work while that is still before the deadline', () => {
    const schedule = scheduleDeadline(
      request({ ...overnight, reminderBefore: eightHoursAhead } as Partial<ScheduleRequest>),
    );
    expect(schedule.reminderAt).toBe(london('2031-02-04', '09:00').toISOString());
    expect(schedule.dueAt).toBe(london('2031-02-04', '10:00').toISOString());
  });

  it('reminds at the lead time, night or not, for urgent work', () => {
    const schedule = scheduleDeadline(
      urgent({ ...overnight, reminderBefore: eightHoursAhead } as Partial<ScheduleRequest>),
    );
    expect(schedule.reminderAt).toBe(london('2031-02-04', '02:00').toISOString());
  });

  it('keeps the lead time when the office would open only after the deadline', () => {
    const schedule = scheduleDeadline(
      request({
        from: london(MONDAY, '20:00').toISOString(),
        timescale: { unit: 'calendar_hours', amount: 6 },
        reminderBefore: { unit: 'calendar_hours', amount: 4 },
      }),
    );
    expect(schedule.reminderAt).toBe(london(MONDAY, '22:00').toISOString());
  });
});
