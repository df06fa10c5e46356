import { parseStaffCsv, STAFF_CSV_EXAMPLE } from '../../src/directory/staff-import';

const empty = { staff: new Set<string>(), teams: new Set(['team-north']), areas: new Set(['area-north']) };

describe('reading the CSV', () => {
  it('takes a byte-order mark, CRLF, quoted fields and blank lines, and numbers rows as the spreadsheet does', () => {
    const parsed = parseStaffCsv('\uFEFFstaffId,role,email\r\na-1,"caseworker",\r\n\r\na-2,chief,\r\n', empty);
    expect(parsed).toEqual({ ok: false, problems: [expect.objectContaining({ row: 4, column: 'role' })] });
  });
  it('refuses a quote that is not closed, with its line', () => {
    expect(parseStaffCsv('staffId,role\n"a-1,caseworker', empty)).toEqual({
      ok: false,
      problems: [{ row: 2, column: null, reason: expect.stringContaining('Quote Not Closed') }],
    });
  });
});

describe('a staff import', () => {
  it('accepts the documented example', () => {
    const parsed = parseStaffCsv(STAFF_CSV_EXAMPLE, empty);
    expect(parsed).toMatchObject({ ok: true });
    if (parsed.ok) expect(parsed.rows.find((row) => row.staffId === 'example-officer-oz')?.body.absent).toBe(true);
  });
  it('refuses a staff id twice, a row of the wrong width and a cover for someone present', () => {
    const parsed = parseStaffCsv(
      [
        'staffId,role,absent,coverStaffId',
        'a-1,caseworker,,',
        'a-1,manager,,',
        'a-2,caseworker',
        'a-3,caseworker,no,a-1',
      ].join('\n'),
      empty,
    );
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { row: 3, column: 'staffId', reason: 'a-1 is already on row 2' },
        { row: 4, column: null, reason: 'has 2 fields, the header 4' },
        { row: 5, column: 'coverStaffId', reason: 'a cover is named only while absent is true' },
      ],
    });
  });
  it('refuses a person who manages or covers themselves', () => {
    const parsed = parseStaffCsv('staffId,role,lineManagerId\na-1,manager,a-1', empty);
    expect(parsed).toEqual({
      ok: false,
      problems: [{ row: 2, column: 'lineManagerId', reason: 'cannot be the person themselves' }],
    });
  });
});
