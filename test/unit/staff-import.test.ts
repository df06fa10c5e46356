import { parseCsv } from '../../src/directory/csv';
import { parseStaffCsv, STAFF_CSV_EXAMPLE } from '../../src/directory/staff-import';

const empty = { staff: new Set<string>(), teams: new Set(['team-north']), areas: new Set(['area-north']) };

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi""\nthere"\n\n')).toEqual({
      ok: true,
      records: [
        ['a', 'b'],
        ['x, y', 'say "hi"\nthere'],
      ],
    });
  });
  it('refuses a quote that is not closed, or stray text after a closing quote, with its line', () => {
    expect(parseCsv('a\n"open')).toEqual({ ok: false, line: 2, reason: 'a quoted field is not closed' });
    expect(parseCsv('a\n"x"y')).toMatchObject({ ok: false, line: 2 });
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
