import {
  CALENDAR_VERSION,
  bankHolidays,
  computeDueTime,
  describeDueRule,
  isWorkingDay,
  nextBusinessOpening,
} from '../../src/deadlines/calendar';
import type { BusinessHours, Region, Timescale } from '../../src/deadlines/timescale';

const officeHours: BusinessHours = { timeZone: 'Europe/London', opens: '09:00', closes: '17:00' };
const earlyOfficeHours: BusinessHours = { timeZone: 'Europe/London', opens: '08:30', closes: '16:30' };

const workingDays = (amount: number): Timescale => ({ unit: 'working_days', amount });
const calendarHours = (amount: number): Timescale => ({ unit: 'calendar_hours', amount });
const calendarDays = (amount: number): Timescale => ({ unit: 'calendar_days', amount });

function due(fromIso: string, timescale: Timescale, region: Region, hours = officeHours): string {
  return computeDueTime(new Date(fromIso), timescale, region, hours).toISOString();
}

function opening(atIso: string, region: Region, hours = officeHours): string {
  return nextBusinessOpening(new Date(atIso), region, hours).toISOString();
}

describe('CALENDAR_VERSION', () => {
  it('names the holiday data source and its installed version', () => {
    expect(CALENDAR_VERSION).toMatch(/^date-holidays@\d+\.\d+\.\d+$/);
  });
});

describe('bankHolidays matches the GOV.UK lists', () => {
  // https://www.gov.uk/bank-holidays: weekday dates only, substitutes instead of weekend dates.
  const govUk: Record<Region, Record<number, string[]>> = {
    'england-and-wales': {
      2024: [
        '2024-01-01',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
      2025: [
        '2025-01-01',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
      2026: [
        '2026-01-01',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
      2027: [
        '2027-01-01',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ],
    },
    scotland: {
      2024: [
        '2024-01-01',
        '2024-01-02',
        '2024-03-29',
        '2024-05-06',
        '2024-05-27',
        '2024-08-05',
        '2024-12-02',
        '2024-12-25',
        '2024-12-26',
      ],
      2025: [
        '2025-01-01',
        '2025-01-02',
        '2025-04-18',
        '2025-05-05',
        '2025-05-26',
        '2025-08-04',
        '2025-12-01',
        '2025-12-25',
        '2025-12-26',
      ],
      2026: [
        '2026-01-01',
        '2026-01-02',
        '2026-04-03',
        '2026-05-04',
        '2026-05-25',
        '2026-08-03',
        '2026-11-30',
        '2026-12-25',
        '2026-12-28',
      ],
      2027: [
        '2027-01-01',
        '2027-01-04',
        '2027-03-26',
        '2027-05-03',
        '2027-05-31',
        '2027-08-02',
        '2027-11-30',
        '2027-12-27',
        '2027-12-28',
      ],
    },
    'northern-ireland': {
      2024: [
        '2024-01-01',
        '2024-03-18',
        '2024-03-29',
        '2024-04-01',
        '2024-05-06',
        '2024-05-27',
        '2024-07-12',
        '2024-08-26',
        '2024-12-25',
        '2024-12-26',
      ],
      2025: [
        '2025-01-01',
        '2025-03-17',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-07-14',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
      2026: [
        '2026-01-01',
        '2026-03-17',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-07-13',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
      2027: [
        '2027-01-01',
        '2027-03-17',
        '2027-03-26',
        '2027-03-29',
        '2027-05-03',
        '2027-05-31',
        '2027-07-12',
        '2027-08-30',
        '2027-12-27',
        '2027-12-28',
      ],
    },
  };
  const cases = Object.entries(govUk).flatMap(([region, years]) =>
    Object.entries(years).map(([year, dates]) => ({ region: region as Region, year: Number(year), dates })),
  );

  it.each(cases)('$region $year', ({ region, year, dates }) => {
    expect(bankHolidays(year, region).map((holiday) => holiday.date)).toEqual(dates);
  });

  it('names substitute days', () => {
    expect(bankHolidays(2027, 'england-and-wales').slice(-2)).toEqual([
      { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
      { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
    ]);
    expect(bankHolidays(2026, 'northern-ireland')).toContainEqual({
      date: '2026-07-13',
      name: 'Battle of the Boyne (Orangemen’s Day) (substitute day)',
    });
  });
});

describe('isWorkingDay', () => {
  it.each<[string, Region, boolean]>([
    ['2026-04-02', 'england-and-wales', true], // Maundy Thursday
    ['2026-04-03', 'england-and-wales', false], // Good Friday
    ['2026-04-03', 'scotland', false],
    ['2026-04-03', 'northern-ireland', false],
    ['2026-04-06', 'england-and-wales', false], // Easter Monday
    ['2026-04-06', 'northern-ireland', false],
    ['2026-04-06', 'scotland', true], // not a bank holiday in Scotland
    ['2026-04-04', 'england-and-wales', false], // Saturday
    ['2026-04-05', 'scotland', false], // Sunday
    ['2027-01-04', 'scotland', false], // 2 January substituted to Monday
    ['2027-01-04', 'england-and-wales', true],
    ['2026-11-30', 'scotland', false], // St Andrew's Day
    ['2026-11-30', 'england-and-wales', true],
    ['2026-03-17', 'northern-ireland', false], // St Patrick's Day
    ['2026-03-17', 'england-and-wales', true],
    ['2026-07-13', 'northern-ireland', false], // Battle of the Boyne substitute (12 July is a Sunday)
    ['2026-07-13', 'scotland', true],
  ])('%s in %s is %s', (date, region, expected) => {
    expect(isWorkingDay(date, region)).toBe(expected);
  });

  it.each(['2026-02-30', '2026-4-7', '07/04/2026', ''])('rejects "%s"', (date) => {
    expect(() => isWorkingDay(date, 'england-and-wales')).toThrow(RangeError);
  });
});

describe('computeDueTime: working days', () => {
  describe('Easter', () => {
    // Thursday 2 April 2026, 10:00 BST; Good Friday 3 April, Easter Monday 6 April.
    const maundyThursday = '2026-04-02T09:00:00.000Z';

    it('skips Good Friday and Easter Monday in England & Wales and Northern Ireland', () => {
      expect(due(maundyThursday, workingDays(1), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
      expect(due(maundyThursday, workingDays(1), 'northern-ireland')).toBe('2026-04-07T16:00:00.000Z');
    });

    it('treats Easter Monday as a working day in Scotland', () => {
      expect(due(maundyThursday, workingDays(1), 'scotland')).toBe('2026-04-06T16:00:00.000Z');
    });

    it('counts several working days across the Easter weekend', () => {
      const wednesday = '2026-04-01T09:00:00.000Z';
      expect(due(wednesday, workingDays(5), 'england-and-wales')).toBe('2026-04-10T16:00:00.000Z');
      expect(due(wednesday, workingDays(5), 'scotland')).toBe('2026-04-09T16:00:00.000Z');
    });
  });

  describe('Christmas and New Year', () => {
    it('skips both substitute days when 25 and 26 December 2027 fall on a weekend', () => {
      const christmasEveEvening = '2027-12-24T19:00:00.000Z';
      expect(due(christmasEveEvening, workingDays(1), 'england-and-wales')).toBe('2027-12-29T17:00:00.000Z');
      expect(due('2027-12-23T14:00:00.000Z', workingDays(2), 'scotland')).toBe('2027-12-29T17:00:00.000Z');
    });

    it('skips the Boxing Day substitute in 2026', () => {
      expect(due('2026-12-24T10:00:00.000Z', workingDays(1), 'northern-ireland')).toBe('2026-12-29T17:00:00.000Z');
    });

    it('adds Scotland’s 2 January, substituted to Monday 4 January in 2027', () => {
      const hogmanay = '2026-12-31T12:00:00.000Z';
      expect(due(hogmanay, workingDays(1), 'england-and-wales')).toBe('2027-01-04T17:00:00.000Z');
      expect(due(hogmanay, workingDays(1), 'scotland')).toBe('2027-01-05T17:00:00.000Z');
    });

    it('adds Scotland’s 2 January when it falls on a Friday (2026)', () => {
      const hogmanay = '2025-12-31T12:00:00.000Z';
      expect(due(hogmanay, workingDays(1), 'england-and-wales')).toBe('2026-01-02T17:00:00.000Z');
      expect(due(hogmanay, workingDays(1), 'scotland')).toBe('2026-01-05T17:00:00.000Z');
    });
  });

  describe('regional holidays', () => {
    it('Friday evening before the Spring bank holiday Monday is due on Tuesday', () => {
      expect(due('2026-05-22T18:00:00.000Z', workingDays(1), 'england-and-wales')).toBe('2026-05-26T16:00:00.000Z');
    });

    it('late August: England & Wales and Northern Ireland skip the last Monday, Scotland does not', () => {
      const friday = '2026-08-28T14:00:00.000Z';
      expect(due(friday, workingDays(1), 'england-and-wales')).toBe('2026-09-01T16:00:00.000Z');
      expect(due(friday, workingDays(1), 'northern-ireland')).toBe('2026-09-01T16:00:00.000Z');
      expect(due(friday, workingDays(1), 'scotland')).toBe('2026-08-31T16:00:00.000Z');
      const fridayIn2025 = '2025-08-22T14:00:00.000Z';
      expect(due(fridayIn2025, workingDays(1), 'england-and-wales')).toBe('2025-08-26T16:00:00.000Z');
      expect(due(fridayIn2025, workingDays(1), 'scotland')).toBe('2025-08-25T16:00:00.000Z');
    });

    it('early August: Scotland skips the first Monday, England & Wales does not', () => {
      const friday = '2026-07-31T14:00:00.000Z';
      expect(due(friday, workingDays(1), 'scotland')).toBe('2026-08-04T16:00:00.000Z');
      expect(due(friday, workingDays(1), 'england-and-wales')).toBe('2026-08-03T16:00:00.000Z');
    });

    it('Scotland skips St Andrew’s Day and its Monday substitute', () => {
      expect(due('2026-11-27T14:00:00.000Z', workingDays(1), 'scotland')).toBe('2026-12-01T17:00:00.000Z');
      expect(due('2025-11-28T14:00:00.000Z', workingDays(1), 'scotland')).toBe('2025-12-02T17:00:00.000Z');
      expect(due('2025-11-28T14:00:00.000Z', workingDays(1), 'england-and-wales')).toBe('2025-12-01T17:00:00.000Z');
    });

    it('Northern Ireland skips St Patrick’s Day', () => {
      const monday = '2026-03-16T10:00:00.000Z';
      expect(due(monday, workingDays(1), 'northern-ireland')).toBe('2026-03-18T17:00:00.000Z');
      expect(due(monday, workingDays(1), 'england-and-wales')).toBe('2026-03-17T17:00:00.000Z');
    });

    it('Northern Ireland skips St Patrick’s Day substituted from Sunday 17 March 2024', () => {
      const friday = '2024-03-15T10:00:00.000Z';
      expect(due(friday, workingDays(1), 'northern-ireland')).toBe('2024-03-19T17:00:00.000Z');
      expect(due(friday, workingDays(1), 'england-and-wales')).toBe('2024-03-18T17:00:00.000Z');
    });

    it('Northern Ireland skips 12 July and its Monday substitute', () => {
      expect(due('2027-07-09T10:00:00.000Z', workingDays(1), 'northern-ireland')).toBe('2027-07-13T16:00:00.000Z');
      expect(due('2026-07-10T10:00:00.000Z', workingDays(1), 'northern-ireland')).toBe('2026-07-14T16:00:00.000Z');
      expect(due('2025-07-11T10:00:00.000Z', workingDays(1), 'northern-ireland')).toBe('2025-07-15T16:00:00.000Z');
      expect(due('2025-07-11T10:00:00.000Z', workingDays(1), 'england-and-wales')).toBe('2025-07-14T16:00:00.000Z');
    });
  });

  describe('clock changes', () => {
    it('a deadline after the March change closes at 17:00 BST', () => {
      expect(due('2026-03-27T11:00:00.000Z', workingDays(1), 'england-and-wales')).toBe('2026-03-30T16:00:00.000Z');
    });

    it('a deadline after the October change closes at 17:00 GMT', () => {
      expect(due('2026-10-23T10:00:00.000Z', workingDays(1), 'england-and-wales')).toBe('2026-10-26T17:00:00.000Z');
    });
  });

  describe('time of day of the report', () => {
    it('a report at 23:30 local counts from that day', () => {
      expect(due('2026-04-07T22:30:00.000Z', workingDays(1), 'england-and-wales')).toBe('2026-04-08T16:00:00.000Z');
    });

    it('a report at 00:30 BST counts from the local day, not the UTC day before', () => {
      expect(due('2026-04-07T23:30:00.000Z', workingDays(1), 'england-and-wales')).toBe('2026-04-09T16:00:00.000Z');
    });

    it('a report at 00:30 GMT counts from that day', () => {
      expect(due('2026-01-14T00:30:00.000Z', workingDays(2), 'england-and-wales')).toBe('2026-01-16T17:00:00.000Z');
    });
  });

  describe('zero working days', () => {
    it('is close of business today when the report arrives on a working day before closing', () => {
      expect(due('2026-04-07T09:00:00.000Z', workingDays(0), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
      expect(due('2026-04-07T15:59:59.999Z', workingDays(0), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
      expect(due('2026-04-07T05:00:00.000Z', workingDays(0), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
    });

    it('is the next working day when the report arrives at or after closing', () => {
      expect(due('2026-04-07T16:00:00.000Z', workingDays(0), 'england-and-wales')).toBe('2026-04-08T16:00:00.000Z');
      expect(due('2026-04-07T22:30:00.000Z', workingDays(0), 'england-and-wales')).toBe('2026-04-08T16:00:00.000Z');
    });

    it('is the next working day when the report arrives on a holiday or weekend', () => {
      const goodFriday = '2026-04-03T09:00:00.000Z';
      expect(due(goodFriday, workingDays(0), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
      expect(due(goodFriday, workingDays(0), 'scotland')).toBe('2026-04-06T16:00:00.000Z');
      expect(due('2026-03-28T10:00:00.000Z', workingDays(0), 'england-and-wales')).toBe('2026-03-30T16:00:00.000Z');
    });
  });

  describe('business hours 08:30–16:30', () => {
    it('closes at 16:30 local', () => {
      expect(due('2026-04-02T09:00:00.000Z', workingDays(1), 'england-and-wales', earlyOfficeHours)).toBe(
        '2026-04-07T15:30:00.000Z',
      );
      expect(due('2026-01-14T10:00:00.000Z', workingDays(1), 'scotland', earlyOfficeHours)).toBe(
        '2026-01-15T16:30:00.000Z',
      );
    });

    it('zero working days after 16:30 rolls to the next working day', () => {
      const tuesday1645Bst = '2026-04-07T15:45:00.000Z';
      expect(due(tuesday1645Bst, workingDays(0), 'england-and-wales', earlyOfficeHours)).toBe(
        '2026-04-08T15:30:00.000Z',
      );
      expect(due(tuesday1645Bst, workingDays(0), 'england-and-wales')).toBe('2026-04-07T16:00:00.000Z');
    });
  });
});

describe('computeDueTime: calendar hours', () => {
  it('adds exactly 24 elapsed hours across the March change (13:00 BST next day)', () => {
    expect(due('2026-03-28T12:00:00.000Z', calendarHours(24), 'england-and-wales')).toBe('2026-03-29T12:00:00.000Z');
  });

  it('adds exactly 24 elapsed hours across the October change (11:00 GMT next day)', () => {
    expect(due('2026-10-24T11:00:00.000Z', calendarHours(24), 'england-and-wales')).toBe('2026-10-25T11:00:00.000Z');
  });

  it('ignores bank holidays and business hours', () => {
    expect(due('2026-12-24T20:15:00.000Z', calendarHours(4), 'scotland')).toBe('2026-12-25T00:15:00.000Z');
  });
});

describe('computeDueTime: calendar days', () => {
  it('keeps 10:00 local across the March change (GMT to BST)', () => {
    expect(due('2026-03-16T10:00:00.000Z', calendarDays(28), 'england-and-wales')).toBe('2026-04-13T09:00:00.000Z');
  });

  it('keeps 10:00 local across the October change (BST to GMT)', () => {
    expect(due('2026-10-12T09:00:00.000Z', calendarDays(28), 'england-and-wales')).toBe('2026-11-09T10:00:00.000Z');
  });

  it('may land on a weekend or bank holiday', () => {
    expect(due('2026-12-18T12:00:00.000Z', calendarDays(7), 'england-and-wales')).toBe('2026-12-25T12:00:00.000Z');
  });
});

describe('computeDueTime: invalid input', () => {
  it('rejects an unknown time zone', () => {
    const hours = { ...officeHours, timeZone: 'Europe/Atlantis' };
    expect(() => computeDueTime(new Date('2026-04-07T09:00:00Z'), workingDays(1), 'scotland', hours)).toThrow(
      'unknown time zone "Europe/Atlantis"',
    );
  });

  it('rejects an invalid Date', () => {
    expect(() => computeDueTime(new Date('not a date'), calendarHours(1), 'scotland', officeHours)).toThrow(RangeError);
  });

  it('rejects a negative amount', () => {
    expect(() => computeDueTime(new Date('2026-04-07T09:00:00Z'), workingDays(-1), 'scotland', officeHours)).toThrow();
  });
});

describe('describeDueRule', () => {
  it.each<[Timescale, Region, BusinessHours, string]>([
    [
      workingDays(2),
      'england-and-wales',
      officeHours,
      'close of business (17:00 Europe/London) on the 2nd working day after the day of the report, England & Wales bank holidays',
    ],
    [
      workingDays(1),
      'scotland',
      earlyOfficeHours,
      'close of business (16:30 Europe/London) on the 1st working day after the day of the report, Scotland bank holidays',
    ],
    [
      workingDays(13),
      'northern-ireland',
      officeHours,
      'close of business (17:00 Europe/London) on the 13th working day after the day of the report, Northern Ireland bank holidays',
    ],
    [
      workingDays(23),
      'scotland',
      officeHours,
      'close of business (17:00 Europe/London) on the 23rd working day after the day of the report, Scotland bank holidays',
    ],
    [
      workingDays(0),
      'england-and-wales',
      officeHours,
      'close of business (17:00 Europe/London) on the day of the report if it is a working day and the report arrives before closing, otherwise on the next working day, England & Wales bank holidays',
    ],
    [
      calendarHours(24),
      'scotland',
      officeHours,
      '24 calendar hours after the report, as elapsed time whatever the clock changes',
    ],
    [
      calendarHours(1),
      'scotland',
      officeHours,
      '1 calendar hour after the report, as elapsed time whatever the clock changes',
    ],
    [
      calendarDays(28),
      'scotland',
      officeHours,
      '28 calendar days after the report, at the same local time (Europe/London)',
    ],
  ])('%j in %s', (timescale, region, hours, expected) => {
    expect(describeDueRule(timescale, region, hours)).toBe(expected);
  });
});

describe('nextBusinessOpening', () => {
  it('is the given instant while the office is open', () => {
    expect(opening('2026-04-07T08:00:00.000Z', 'england-and-wales')).toBe('2026-04-07T08:00:00.000Z');
    expect(opening('2026-04-07T12:34:56.789Z', 'england-and-wales')).toBe('2026-04-07T12:34:56.789Z');
  });

  it('is opening time later the same day before the office opens', () => {
    expect(opening('2026-04-07T06:00:00.000Z', 'england-and-wales')).toBe('2026-04-07T08:00:00.000Z');
    expect(opening('2026-01-14T06:00:00.000Z', 'england-and-wales')).toBe('2026-01-14T09:00:00.000Z');
  });

  it('is the next working day’s opening at or after closing', () => {
    expect(opening('2026-04-07T16:00:00.000Z', 'england-and-wales')).toBe('2026-04-08T08:00:00.000Z');
    expect(opening('2026-04-02T17:00:00.000Z', 'england-and-wales')).toBe('2026-04-07T08:00:00.000Z');
    expect(opening('2026-04-02T17:00:00.000Z', 'scotland')).toBe('2026-04-06T08:00:00.000Z');
  });

  it('crosses a weekend with a clock change to 09:00 BST', () => {
    expect(opening('2026-03-28T10:00:00.000Z', 'england-and-wales')).toBe('2026-03-30T08:00:00.000Z');
  });

  it('follows business hours 08:30–16:30', () => {
    expect(opening('2026-04-07T07:00:00.000Z', 'england-and-wales', earlyOfficeHours)).toBe('2026-04-07T07:30:00.000Z');
    expect(opening('2026-04-07T15:30:00.000Z', 'england-and-wales', earlyOfficeHours)).toBe('2026-04-08T07:30:00.000Z');
    expect(opening('2026-10-23T16:00:00.000Z', 'northern-ireland', earlyOfficeHours)).toBe('2026-10-26T08:30:00.000Z');
  });
});
