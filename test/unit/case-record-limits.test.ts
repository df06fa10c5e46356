import { CASE_RECORD_LIMITS, caseRecordFullRefusal } from '../../src/case/keyed-insert';
import type { Queryable } from '../../src/platform/db/queryable';

/** A database that holds `held` rows of whatever is counted, and remembers what it was asked. */
const holding = (held: number) => {
  const asked: { text: string; values?: unknown[] }[] = [];
  const db = {
    query: async (text: string, values?: unknown[]) => {
      asked.push({ text, values });
      return { rows: [{ held }] };
    },
  } as unknown as Queryable;
  return { db, asked };
};

describe('what a case may hold beside its workflow', () => {
  it('takes another note until the case holds the most it may, then says why not', async () => {
    const max = CASE_RECORD_LIMITS.notes.max;
    expect(await caseRecordFullRefusal(holding(max - 1).db, 'notes', 'case-1')).toBeUndefined();
    const { db, asked } = holding(max);
    expect(await caseRecordFullRefusal(db, 'notes', 'case-1')).toBe(
      `the case already holds ${max} notes, the most it may`,
    );
    expect(asked).toEqual([
      { text: expect.stringContaining('FROM case_notes WHERE case_id = $1'), values: ['case-1'] },
    ]);
  });

  it('counts documents in their own table', async () => {
    const { db, asked } = holding(CASE_RECORD_LIMITS.documents.max);
    expect(await caseRecordFullRefusal(db, 'documents', 'case-2')).toMatch(/already holds 500 documents/);
    expect(asked[0]!.text).toContain('FROM case_documents');
  });
});
