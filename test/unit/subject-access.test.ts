import { subjectAccessDocument, subjectAccessExport } from '../../src/privacy/subject-access';
import type { CaseView } from '../../src/case/state';
import type { CaseNote } from '../../src/notes/note';
import { disclosureSchema } from '../../src/case/disclosure';
import { fictionalDisclosure } from '../fixtures/disclosures';

const disclosure = disclosureSchema.parse(
  fictionalDisclosure({
    perpetrator: { isResident: true, reference: 'FICTIONAL-PERP-0099', officerId: 'officer-eve' },
  }),
);
const view = {
  caseId: '00000000-0000-4000-8000-000000000001',
  openedAt: '2031-03-10T09:00:00.000Z',
  status: 'open',
  disclosure,
  risk: { level: 'medium', reasons: [] },
  assessments: [],
  contactAttempts: [],
  incidents: [],
  sharing: { requests: [], consents: [], approvals: [] },
  safeguardingReferrals: [],
  perpetratorActions: [{ id: 'pa1', kind: 'dapp', owner: { agency: 'Fictional Programme' } }],
  perpetratorReferrals: [{ route: 'mappa', agency: 'Fictional MAPPA' }],
  seriousIncidentReports: [{ id: 'sir1', summary: 'An account naming a fictional visitor' }],
  alerts: [{ alertId: 'a1' }],
  // a field added to the case later is not exported until someone decides it is the survivor's
  someFutureField: 'FICTIONAL-FUTURE-VALUE',
} as unknown as CaseView;
const note = {
  noteId: 'n1',
  caseId: view.caseId,
  type: 'visit',
  occurredAt: view.openedAt,
  recordedAt: view.openedAt,
  by: 'officer-ada',
  byRole: 'caseworker',
  withWhom: 'Fictional neighbour',
  text: 'Visit with the survivor.',
} as CaseNote;

describe('a subject access export', () => {
  it('holds only the fields listed as the survivor’s, whatever else the case holds', () => {
    const exported = subjectAccessExport(view, [note], [], '2031-03-11T09:00:00.000Z', 'lead-cai');
    const json = JSON.stringify(exported);
    for (const withheld of [
      'FICTIONAL-PERP-0099',
      'officer-eve',
      'Fictional Programme',
      'Fictional MAPPA',
      'fictional visitor',
      'Fictional neighbour',
      'FICTIONAL-FUTURE-VALUE',
      '"a1"',
    ])
      expect(json).not.toContain(withheld);
    expect(exported.notes).toEqual([expect.objectContaining({ text: 'Visit with the survivor.' })]);
    expect(subjectAccessDocument(exported)).toContain('Notes (1)');
  });
});
