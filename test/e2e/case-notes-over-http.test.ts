import { staffOf, useHttpCases } from '../support/http-case';

const kent = staffOf('kent-housing');
const officer = kent('officer-ada', 'caseworker', 'team-north');
// works with the perpetrator, so must never see the survivor's case or its notes
const perpetratorsOfficer = kent('officer-eve', 'caseworker', 'team-north');
const manager = kent('mgr-bea', 'manager', 'team-north');

/** Fictional words, so the test can look for them in storage. */
const WRITTEN = 'Fictional note: spoke on the agreed number; next call Thursday morning.';

describe('case notes and the chronology over HTTP', () => {
  const http = useHttpCases({ organisationId: 'kent-housing', principals: [officer, perpetratorsOfficer, manager] });
  const call = http.call;
  let casePath: string;
  let caseId: string;
  const note = (overrides: Record<string, unknown> = {}) => ({
    type: 'call',
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    withWhom: 'Example IDVA service',
    text: WRITTEN,
    ...overrides,
  });

  beforeAll(async () => {
    caseId = await http.openCase(officer, 'e2e-case-notes-0001', {
      perpetrator: { isResident: false, officerId: 'officer-eve' },
    });
    casePath = `/cases/${caseId}`;
  });

  it('appends notes, corrects one with another, keeps both, and seals what was written', async () => {
    const first = note();
    const added = await call(officer, 'POST', `${casePath}/notes`, first, { 'Idempotency-Key': 'note-key-0001' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ caseId, type: 'call', by: 'officer-ada', byRole: 'caseworker', text: WRITTEN });

    // A retry is applied once; the same key for other words is refused.
    const retried = await call(officer, 'POST', `${casePath}/notes`, first, { 'Idempotency-Key': 'note-key-0001' });
    expect(retried.status).toBe(200);
    expect(retried.body.noteId).toBe(added.body.noteId);
    const reused = await call(
      officer,
      'POST',
      `${casePath}/notes`,
      { ...first, text: 'Other words.' },
      {
        'Idempotency-Key': 'note-key-0001',
      },
    );
    expect(reused.status).toBe(422);

    const corrected = await call(
      manager,
      'POST',
      `${casePath}/notes/${added.body.noteId}/corrections`,
      note({ text: 'Correction: the next call is Friday morning.' }),
    );
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ supersedes: added.body.noteId, by: 'mgr-bea' });
    const twice = await call(manager, 'POST', `${casePath}/notes/${added.body.noteId}/corrections`, note());
    expect(twice.status).toBe(409);
    expect(twice.body.detail).toContain('already corrected');
    const unknown = await call(manager, 'POST', `${casePath}/notes/${crypto.randomUUID()}/corrections`, note());
    expect(unknown.status).toBe(404);

    const listed = await call(officer, 'GET', `${casePath}/notes`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ noteId: added.body.noteId, supersededBy: corrected.body.noteId, text: WRITTEN }),
      expect.objectContaining({ noteId: corrected.body.noteId, supersedes: added.body.noteId }),
    ]);
    expect((await call(officer, 'GET', `${casePath}/notes?type=visit`)).body.total).toBe(0);

    // In the database: ids, types and times in the clear, what was written only as ciphertext.
    const stored = await http.harness.db.pool.query(`SELECT * FROM case_notes WHERE case_id = $1`, [caseId]);
    expect(stored.rows).toHaveLength(2);
    for (const row of stored.rows) {
      const everything = JSON.stringify(row) + (row.sealed as Buffer).toString('latin1');
      expect(everything).not.toContain('Thursday');
      expect(everything).not.toContain('Example IDVA');
    }
    // Each read of the notes is in the access log.
    const reads = await http.harness.db.pool.query(
      `SELECT actor_staff_id FROM access_log WHERE case_id = $1 AND resource = 'case.notes'`,
      [caseId],
    );
    expect(reads.rows.map((row) => row.actor_staff_id)).toContain('officer-ada');
  });

  it('refuses a note with no valid type or a time in the future, naming the field', async () => {
    const badType = await call(officer, 'POST', `${casePath}/notes`, note({ type: 'gossip' }));
    expect(badType.status).toBe(400);
    expect(badType.body.errors).toEqual([expect.objectContaining({ field: 'body.type' })]);
    const future = await call(officer, 'POST', `${casePath}/notes`, note({ occurredAt: '2099-01-01T00:00:00Z' }));
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([{ field: 'body.occurredAt', message: 'occurredAt cannot be in the future' }]);
  });

  it("hides the notes from the perpetrator's officer as if the case did not exist", async () => {
    for (const path of [`${casePath}/notes`, `${casePath}/chronology`]) {
      expect((await call(perpetratorsOfficer, 'GET', path)).status).toBe(404);
    }
    expect((await call(perpetratorsOfficer, 'POST', `${casePath}/notes`, note())).status).toBe(404);
  });

  it('merges the notes into the chronology in time order, filterable by type and paged', async () => {
    const chronology = await call(officer, 'GET', `${casePath}/chronology`);
    expect(chronology.status).toBe(200);
    const codes: string[] = chronology.body.items.map((entry: { code: string }) => entry.code);
    expect(codes).toContain('case.disclosure');
    expect(codes.filter((code) => code === 'note.call')).toHaveLength(2);
    const times = chronology.body.items.map((entry: { at: string }) => Date.parse(entry.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    const notesOnly = await call(officer, 'GET', `${casePath}/chronology?type=note&limit=1`);
    expect(notesOnly.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    expect(notesOnly.body.items).toEqual([expect.objectContaining({ code: 'note.call', actor: 'officer-ada' })]);
    expect((await call(officer, 'GET', `${casePath}/chronology?type=Not%20a%20type`)).status).toBe(400);

    // Opening the case flagged the survivor (Kent 004 §5.5): the chronology shows it, and the warning.
    const flags = await call(officer, 'GET', `${casePath}/chronology?type=flag`);
    expect(flags.body.items).toEqual([
      expect.objectContaining({
        code: 'flag.raised',
        what: 'Flag raised on the survivor',
        actor: 'officer-ada',
        detail: expect.stringContaining('Potentially vulnerable'),
      }),
    ]);
  });
});
