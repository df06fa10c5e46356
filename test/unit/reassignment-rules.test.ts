import { currentCaseOfficer, meetsGenderRequest, reassignmentRefusals } from '../../src/case/rules/assignment';
import { disclosureSchema } from '../../src/case/disclosure';
import type { CaseAssignment } from '../../src/case/state';
import type { Actor } from '../../src/staff/staff';
import { fictionalDisclosure } from '../fixtures/disclosures';

const manager = { staffId: 'mgr-bea', role: 'manager' } as const;
const caseworker = { staffId: 'officer-ada', role: 'caseworker' } as const;
const disclosure = disclosureSchema.parse(
  fictionalDisclosure({
    caseOfficerId: 'officer-ada',
    perpetrator: { isResident: false, officerId: 'officer-per' },
    requestedOfficerGender: 'female',
  }),
);
const woman = { gender: 'woman' };
const passedOn: CaseAssignment = {
  at: '2031-03-14T12:00:00.000Z',
  by: 'mgr-bea',
  fromOfficerId: 'officer-ada',
  toOfficerId: 'officer-cat',
  reason: 'Officer Ada is on long-term leave',
};

describe('reassigning a case', () => {
  it('is held by the disclosure’s officer until it passes to another', () => {
    expect(currentCaseOfficer({ disclosure })).toBe('officer-ada');
    expect(currentCaseOfficer({ disclosure, assignments: [passedOn] })).toBe('officer-cat');
  });

  it('reads the directory’s own words for a gender, and meets a request only on a plain match', () => {
    expect(meetsGenderRequest('female', 'Woman')).toBe(true);
    expect(meetsGenderRequest('female', 'trans woman')).toBe(true);
    expect(meetsGenderRequest('female', 'female')).toBe(true);
    expect(meetsGenderRequest('male', 'female')).toBe(false);
    expect(meetsGenderRequest('male', 'man')).toBe(true);
    expect(meetsGenderRequest('female', 'non-binary')).toBe(false);
    expect(meetsGenderRequest('female', null)).toBe(false);
    expect(meetsGenderRequest('no_preference', null)).toBe(true);
  });

  it('is a manager’s decision, never to the perpetrator’s officer or to the officer who holds it', () => {
    const to = (toOfficerId: string, actor: Actor = manager) =>
      reassignmentRefusals({ disclosure }, { actor, toOfficerId, toOfficer: woman }).map((refusal) => refusal.type);
    expect(to('officer-cat')).toEqual([]);
    expect(to('officer-cat', caseworker)).toEqual(['NotPermitted']);
    expect(to('officer-per')).toEqual(['NotPossible']);
    expect(to('officer-ada')).toEqual(['NotPossible']);
    expect(
      reassignmentRefusals(
        { disclosure, assignments: [passedOn] },
        { actor: manager, toOfficerId: 'officer-ada', toOfficer: woman },
      ),
    ).toEqual([]);
  });

  it('honours the survivor’s gender request, or takes a manager’s recorded reason why not', () => {
    const man = { gender: 'man' };
    expect(
      reassignmentRefusals({ disclosure }, { actor: manager, toOfficerId: 'officer-dan', toOfficer: man }),
    ).toEqual([
      {
        type: 'NotPossible',
        message:
          'the survivor asked for a female officer and the directory does not record officer-dan as one: choose another officer, or record in genderPreferenceException why not',
      },
    ]);
    const exception = 'No female officer is available in the area this month';
    expect(
      reassignmentRefusals(
        { disclosure },
        { actor: manager, toOfficerId: 'officer-dan', toOfficer: man, genderPreferenceException: exception },
      ),
    ).toEqual([]);
    // an exception is a record of not meeting the request: none where it is met
    expect(
      reassignmentRefusals(
        { disclosure },
        { actor: manager, toOfficerId: 'officer-cat', toOfficer: woman, genderPreferenceException: exception },
      ).map((refusal) => refusal.type),
    ).toEqual(['NotPossible']);
  });
});
