import { createHash, randomBytes } from 'node:crypto';
import { staffOf, useHttpCases } from '../support/http-case';

const connect = staffOf('connect');
const officer = connect('officer-ada', 'caseworker', 'team-north');
const perpetratorsOfficer = connect('officer-eve', 'caseworker', 'team-north');
const MAX_BYTES = 64 * 1024;

/** A fictional photo: a PNG signature, then bytes that occur nowhere else. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const fictionalPhoto = () => Buffer.concat([PNG_SIGNATURE, randomBytes(2048)]);

describe('documents of a case over HTTP', () => {
  const http = useHttpCases({
    organisationId: 'connect',
    principals: [officer, perpetratorsOfficer],
    documentMaxBytes: MAX_BYTES,
  });
  let casePath: string;
  let caseId: string;

  const upload = (bytes: Buffer, contentType: string, query = '', who = officer) =>
    fetch(`${http.api.baseUrl}${casePath}/documents${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${http.token(who)}`, 'content-type': contentType },
      body: bytes,
    });
  const documentRows = async () =>
    (await http.harness.db.pool.query('SELECT * FROM case_documents WHERE case_id = $1', [caseId])).rows;

  beforeAll(async () => {
    caseId = await http.openCase(officer, 'e2e-case-documents-0001', {
      perpetrator: { isResident: false, officerId: 'officer-eve' },
    });
    casePath = `/cases/${caseId}`;
  });

  it('stores a photo sealed, records its SHA-256 in the audit log, and gives the same bytes back, logged', async () => {
    const photo = fictionalPhoto();
    const sha256 = createHash('sha256').update(photo).digest('hex');
    const stored = await upload(photo, 'image/png');
    expect(stored.status).toBe(201);
    const document = (await stored.json()) as Record<string, string>;
    expect(document).toMatchObject({
      caseId,
      contentType: 'image/png',
      byteSize: photo.length,
      sha256,
      by: 'officer-ada',
    });

    const [row] = await documentRows();
    expect((row.sealed as Buffer).includes(photo.subarray(8, 64))).toBe(false);
    const audited = await http.harness.db.pool.query(
      `SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'case.document.uploaded' AND outcome = 'accepted'`,
      [caseId],
    );
    expect(audited.rows).toEqual([{ detail: expect.objectContaining({ sha256, documentId: document.documentId }) }]);

    const downloaded = await fetch(`${http.api.baseUrl}${casePath}/documents/${document.documentId}`, {
      headers: { authorization: `Bearer ${http.token(officer)}` },
    });
    expect(downloaded.status).toBe(200);
    expect(downloaded.headers.get('content-type')).toBe('image/png');
    expect(downloaded.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(photo)).toBe(true);
    const reads = await http.harness.db.pool.query(
      `SELECT actor_staff_id FROM access_log WHERE case_id = $1 AND resource = 'case.document'`,
      [caseId],
    );
    expect(reads.rows).toEqual([{ actor_staff_id: 'officer-ada' }]);

    const listed = await http.call(officer, 'GET', `${casePath}/documents`);
    expect(listed.body).toMatchObject({ total: 1, items: [{ documentId: document.documentId, sha256 }] });
  });

  it('refuses a forbidden type, bytes that are not the type claimed, an empty file and one too large, storing nothing', async () => {
    const before = (await documentRows()).length;
    const gif = await upload(Buffer.from('GIF89a fictional'), 'image/gif');
    expect(gif.status).toBe(415);
    expect(((await gif.json()) as any).errors).toEqual([
      { field: 'header.Content-Type', message: 'a document must be one of application/pdf, image/jpeg, image/png' },
    ]);
    const disguised = await upload(Buffer.from('%PDF-1.7 fictional'), 'image/png');
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as any).detail).toBe('the bytes are not a image/png file');
    expect((await upload(Buffer.alloc(0), 'application/pdf')).status).toBe(400);
    const large = await upload(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(MAX_BYTES)]), 'application/pdf');
    expect(large.status).toBe(413);
    expect(((await large.json()) as any).detail).toBe(`a document may be at most ${MAX_BYTES} bytes`);
    expect(await documentRows()).toHaveLength(before);
  });

  it('attaches a document to a note of the case, and to no other', async () => {
    const note = await http.call(officer, 'POST', `${casePath}/notes`, {
      type: 'visit',
      occurredAt: new Date().toISOString(),
      text: 'Fictional: photographed the broken lock.',
    });
    expect(note.status).toBe(201);
    const attached = await upload(fictionalPhoto(), 'image/png', `?noteId=${note.body.noteId}`);
    expect(attached.status).toBe(201);
    expect(((await attached.json()) as any).noteId).toBe(note.body.noteId);
    expect((await upload(fictionalPhoto(), 'image/png', `?noteId=${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("keeps the documents from the perpetrator's officer", async () => {
    const [row] = await documentRows();
    const denied = await fetch(`${http.api.baseUrl}${casePath}/documents/${row.document_id}`, {
      headers: { authorization: `Bearer ${http.token(perpetratorsOfficer)}` },
    });
    expect(denied.status).toBe(404);
    expect((await upload(fictionalPhoto(), 'image/png', '', perpetratorsOfficer)).status).toBe(404);
  });
});
