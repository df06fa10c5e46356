import { routeAlert } from '../../src/alerts/recipients';
import type { DirectoryLookup, DirectoryPerson } from '../../src/directory/lookup';
import type { StaffRole } from '../../src/staff/staff';

/** A directory in memory: the ladder's rules without a database (the SQL is test/integration/alert-routing.test.ts). */
type Entry = Partial<DirectoryPerson> & { staffId: string; role: StaffRole; onCall?: boolean };
function directory(entries: Entry[]): DirectoryLookup {
  const people = entries.map((entry) => ({
    email: null,
    active: true,
    absent: false,
    coverStaffId: null,
    lineManagerId: null,
    areaId: null,
    gender: null,
    ...entry,
  }));
  return {
    person: async (staffId) => people.find((person) => person.staffId === staffId),
    holders: async (role, areaId) =>
      people.filter((p) => p.role === role && p.active && (areaId === undefined || p.areaId === areaId)),
    onCall: async () => people.filter((person) => person.onCall && person.active),
  };
}
const raisedAt = '2031-03-14T12:00:00.000Z';
const route = (people: Entry[], recipientRole: string, caseOfficerId = 'officer-oz') =>
  routeAlert(directory(people), { recipientRole, caseOfficerId, raisedAt }).then(({ recipients, note }) => ({
    to: recipients.map((recipient) => recipient.staffId),
    note,
  }));

describe('who an alert reaches', () => {
  it('the officer themselves without a directory row; nobody’s reminder is lost when they have left', async () => {
    expect(await route([], 'case_officer')).toEqual({ to: ['officer-oz'], note: null });
    const left = await route(
      [
        { staffId: 'officer-oz', role: 'caseworker', active: false, lineManagerId: 'mgr-mo' },
        { staffId: 'mgr-mo', role: 'manager' },
      ],
      'case_officer',
    );
    expect(left).toEqual({
      to: ['mgr-mo'],
      note: 'officer-oz has left; nobody present on the case officer rung; raised to the line manager instead',
    });
  });

  it('a specialist rung reaches the DA leads; two routes to one person address them once', async () => {
    const leads: Entry[] = [
      { staffId: 'lead-a', role: 'da_lead', absent: true, coverStaffId: 'lead-b' },
      { staffId: 'lead-b', role: 'da_lead' },
    ];
    expect(await route(leads, 'safeguarding_lead')).toEqual({
      to: ['lead-b'],
      note: 'lead-a is absent; their cover lead-b stands in',
    });
  });

  it('an area without a present DA lead falls back to the organisation’s, and says so', async () => {
    const people: Entry[] = [
      { staffId: 'officer-oz', role: 'caseworker', areaId: 'area-east' },
      { staffId: 'lead-west', role: 'da_lead', areaId: 'area-west' },
    ];
    expect(await route(people, 'da_lead')).toEqual({
      to: ['lead-west'],
      note: "no DA lead of area area-east is present; the organisation's DA leads instead",
    });
  });

  it('an absent person on call hands the alert to their cover', async () => {
    const people: Entry[] = [
      { staffId: 'mgr-mo', role: 'manager', onCall: true, absent: true, coverStaffId: 'mgr-nia' },
      { staffId: 'mgr-nia', role: 'manager' },
    ];
    expect(await route(people, 'on_call')).toEqual({
      to: ['mgr-nia'],
      note: 'mgr-mo is absent; their cover mgr-nia stands in',
    });
  });

  it('climbs the deadline’s own ladder when nobody is present on a rung, then the platform’s order', async () => {
    const people: Entry[] = [
      { staffId: 'repairs-gus', role: 'repairs_manager', absent: true },
      { staffId: 'lead-cai', role: 'da_lead' },
      { staffId: 'head-dee', role: 'head_of_service' },
    ];
    const viaLadder = (recipientRole: string, nextRungs: string[]) =>
      routeAlert(directory(people), { recipientRole, caseOfficerId: 'officer-oz', raisedAt, nextRungs }).then(
        ({ recipients, note }) => ({ to: recipients.map((recipient) => recipient.staffId), note }),
      );
    // a repairs ladder of repairs manager then DA lead: the DA lead, not the platform's head of service
    expect(await viaLadder('repairs_manager', ['da_lead'])).toEqual({
      to: ['lead-cai'],
      note: 'repairs-gus is absent and no cover of theirs is present; nobody present on the repairs manager rung; raised to the DA lead instead',
    });
    expect((await route(people, 'repairs_manager')).to).toEqual(['head-dee']);
    // past the ladder's last rung, the platform's order still finds someone
    const noLead = people.filter((person) => person.role !== 'da_lead');
    expect(
      (
        await routeAlert(directory(noLead), {
          recipientRole: 'da_lead',
          caseOfficerId: 'officer-oz',
          raisedAt,
          nextRungs: [],
        })
      ).recipients,
    ).toEqual([{ staffId: 'head-dee', email: null }]);
  });
});
