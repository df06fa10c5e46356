import { CsvError, parse } from 'csv-parse/sync';
import { directoryId, staffBodySchema, staffReferenceProblems, type StaffBody } from './directory';

/**
 * A staff CSV import, all or nothing: every row is checked (its fields, then whom it names, against
 * the directory and the file itself) and any problem refuses the whole file, each problem naming
 * its row (as a spreadsheet numbers them: the header is row 1) and column.
 */

export const STAFF_IMPORT_MAX_ROWS = 5000;
const CELL_MAX = 300;
const PROBLEMS_MAX = 100;

/** The columns, named as the JSON fields of PUT /staff/{staffId}; staffId and role are required. */
export const STAFF_CSV_COLUMNS = [
  'staffId',
  'role',
  'teamId',
  'areaId',
  'lineManagerId',
  'email',
  'active',
  'absent',
  'coverStaffId',
  'gender',
] as const;
type Column = (typeof STAFF_CSV_COLUMNS)[number];
const REQUIRED: readonly Column[] = ['staffId', 'role'];
const BOOLEAN_COLUMNS: ReadonlySet<Column> = new Set(['active', 'absent']);
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['false', false],
  ['no', false],
]);

export const STAFF_CSV_EXAMPLE = [
  STAFF_CSV_COLUMNS.join(','),
  'example-head-hal,head_of_service,,,,hal.head@example.org,true,false,,',
  'example-lead-north,da_lead,,area-north,example-head-hal,lead.north@example.org,true,false,,woman',
  'example-mgr-mo,manager,team-north,area-north,example-head-hal,mo.manager@example.org,true,false,,',
  'example-officer-oz,caseworker,team-north,area-north,example-mgr-mo,oz.officer@example.org,true,true,example-officer-pip,man',
  'example-officer-pip,caseworker,team-north,area-north,example-mgr-mo,pip.officer@example.org,true,false,,woman',
].join('\n');

export interface ImportProblem {
  row: number;
  column: string | null;
  reason: string;
}

export interface ImportedStaff {
  staffId: string;
  body: StaffBody;
}

/** What the directory already holds of the importing organisation. */
export interface DirectoryIds {
  staff: ReadonlySet<string>;
  teams: ReadonlySet<string>;
  areas: ReadonlySet<string>;
}

export type StaffImport = { ok: true; rows: ImportedStaff[] } | { ok: false; problems: ImportProblem[] };

export function parseStaffCsv(text: string, directory: DirectoryIds): StaffImport {
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // RFC 4180 with a spreadsheet's byte-order mark; each record with the line it ends on
    parsed = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      ok: false,
      problems: [{ row: (error as CsvError & { lines: number }).lines, column: null, reason: error.message }],
    };
  }
  const [firstRecord, ...records] = parsed.map(({ record, info }) => Object.assign(record, { line: info.lines }));
  if (!firstRecord)
    return { ok: false, problems: [{ row: 1, column: null, reason: 'the file is empty: a header row is needed' }] };
  const header = firstRecord.map((column) => column.trim());
  const headerProblems = checkHeader(header);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  if (records.length === 0)
    return { ok: false, problems: [{ row: 2, column: null, reason: 'no staff rows after the header' }] };
  if (records.length > STAFF_IMPORT_MAX_ROWS)
    return {
      ok: false,
      problems: [
        { row: STAFF_IMPORT_MAX_ROWS + 2, column: null, reason: `at most ${STAFF_IMPORT_MAX_ROWS} staff rows a file` },
      ],
    };

  const problems: ImportProblem[] = [];
  const rows: (ImportedStaff & { row: number })[] = [];
  const seen = new Map<string, number>();
  records.forEach((record) => {
    // as a spreadsheet numbers it (blank lines count too); a cell with line breaks: the line it ends on
    const row = record.line;
    if (record.length !== header.length) {
      problems.push({ row, column: null, reason: `has ${record.length} fields, the header ${header.length}` });
      return;
    }
    const cells = Object.fromEntries(header.map((column, at) => [column, record[at]!.trim()])) as Record<
      Column,
      string
    >;
    const long = header.find((column) => cells[column as Column].length > CELL_MAX);
    if (long) {
      problems.push({ row, column: long, reason: `keep it to ${CELL_MAX} characters` });
      return;
    }
    const staffId = directoryId('staffId').safeParse(cells.staffId);
    const body = staffBodySchema.safeParse(rowObject(cells));
    if (!staffId.success) problems.push({ row, column: 'staffId', reason: staffId.error.issues[0]!.message });
    if (!body.success)
      for (const issue of body.error.issues)
        problems.push({ row, column: String(issue.path[0] ?? null), reason: issue.message });
    if (!staffId.success || !body.success) return;
    const earlier = seen.get(staffId.data);
    if (earlier !== undefined) {
      problems.push({ row, column: 'staffId', reason: `${staffId.data} is already on row ${earlier}` });
      return;
    }
    seen.set(staffId.data, row);
    rows.push({ row, staffId: staffId.data, body: body.data });
  });

  const known = {
    staff: (id: string) => seen.has(id) || directory.staff.has(id),
    team: (id: string) => directory.teams.has(id),
    area: (id: string) => directory.areas.has(id),
  };
  for (const { row, staffId, body } of rows)
    for (const { field, message } of staffReferenceProblems(staffId, body, known))
      problems.push({ row, column: field, reason: message });

  if (problems.length > 0) {
    problems.sort((a, b) => a.row - b.row);
    return { ok: false, problems: problems.slice(0, PROBLEMS_MAX) };
  }
  return { ok: true, rows: rows.map(({ staffId, body }) => ({ staffId, body })) };
}

function checkHeader(columns: string[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  columns.forEach((column, index) => {
    if (!(STAFF_CSV_COLUMNS as readonly string[]).includes(column))
      problems.push({
        row: 1,
        column: column.slice(0, 100) || `(column ${index + 1})`,
        reason: `not a column of the staff import; the columns are ${STAFF_CSV_COLUMNS.join(', ')}`,
      });
    else if (columns.indexOf(column) !== index) problems.push({ row: 1, column, reason: 'named twice in the header' });
  });
  for (const column of REQUIRED)
    if (!columns.includes(column)) problems.push({ row: 1, column, reason: 'a required column is missing' });
  return problems;
}

/** An empty cell is an absent field (its default); yes/no and true/false are booleans. */
function rowObject(cells: Record<Column, string>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(cells) as [Column, string][]) {
    if (column === 'staffId' || value === '') continue;
    object[column] = BOOLEAN_COLUMNS.has(column) ? (BOOLEANS.get(value.toLowerCase()) ?? value) : value;
  }
  return object;
}
