/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, a field in double quotes may
 * hold commas, line breaks and doubled quotes. Pure, so the import's refusals are unit-tested.
 */

export type CsvParse = { ok: true; records: string[][] } | { ok: false; line: number; reason: string };

export function parseCsv(text: string): CsvParse {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let i = text.startsWith('\uFEFF') ? 1 : 0; // a spreadsheet's byte-order mark
  const endRecord = () => {
    record.push(field);
    // a blank line (one empty field) is no record
    if (record.length > 1 || record[0] !== '') records.push(record);
    record = [];
    field = '';
  };
  for (; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r')
          return { ok: false, line, reason: 'a closing quote must end its field' };
      } else {
        if (char === '\n') line += 1;
        field += char;
      }
    } else if (char === '"') {
      if (field !== '') return { ok: false, line, reason: 'a quote may only open a field' };
      quoted = true;
    } else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      // CRLF: the LF ends the record
    } else if (char === '\n' || char === '\r') {
      endRecord();
      line += 1;
    } else {
      field += char;
    }
  }
  if (quoted) return { ok: false, line, reason: 'a quoted field is not closed' };
  if (field !== '' || record.length > 0) endRecord();
  return { ok: true, records };
}
