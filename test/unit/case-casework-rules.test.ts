import { dashRefusals, managerReviewRefusals, perpetratorRouteRefusals } from '../../src/case/rules/casework';
import { childRequestRefusals, openChildren } from '../../src/case/rules/children';
import { immediateDangerRefusals, isInImmediateDanger, isUrgentCase } from '../../src/case/rules/urgency';
import type { CaseState } from '../../src/case/state';
import { shippedProfile } from '../support/profiles';

const kent = shippedProfile('kent-housing');
const stonewater = shippedProfile('stonewater');

describe('referring a perpetrator', () => {
  it("takes only a route the organisation's policy uses, and says so by name", () => {
    expect(perpetratorRouteRefusals(kent, 'mappa')).toEqual([]);
    expect(perpetratorRouteRefusals(stonewater, 'mappa')).toEqual([
      { type: 'NotPossible', message: "MAPPA is not a route Stonewater's policy uses" },
    ]);
  });
});

describe("a partner agency's DASH", () => {
  it('stands in for our own only where the policy accepts it', () => {
    expect(dashRefusals(kent, { kind: 'partner_agency' })).toEqual([]);
    const refusing = { risk: { ...kent.risk, partnerDashAccepted: false } };
    expect(dashRefusals(refusing, { kind: 'partner_agency' })).toEqual([
      {
        type: 'NotPossible',
        message: "this organisation's policy does not accept a partner agency's DASH in place of its own",
      },
    ]);
    expect(dashRefusals(refusing, { kind: 'answers' })).toEqual([]);
  });
});

describe('a manager review', () => {
  it('is recorded by a manager or above, not a caseworker', () => {
    expect(managerReviewRefusals({ staffId: 'staff-1', role: 'da_lead' })).toEqual([]);
    expect(managerReviewRefusals({ staffId: 'staff-2', role: 'caseworker' })).toEqual([
      { type: 'NotPermitted', message: 'a case review is recorded by a manager, DA lead or head of service' },
    ]);
  });
});

describe('starting linked workflows', () => {
  const children = [
    { workflowId: 'case-1/marac-1', kind: 'marac', open: false },
    { workflowId: 'case-1/rehousing-1', kind: 'rehousing', open: true },
    { workflowId: 'case-1/repairs-1', kind: 'repairs', open: true },
  ] as const;

  it('lists the open ones, of one kind or all', () => {
    expect(openChildren(children).map((child) => child.workflowId)).toEqual(['case-1/rehousing-1', 'case-1/repairs-1']);
    expect(openChildren(children, 'marac')).toEqual([]);
  });

  it('allows a new MARAC referral once the last has finished, but one rehousing at a time', () => {
    expect(childRequestRefusals(children, 'marac')).toEqual([]);
    expect(childRequestRefusals(children, 'rehousing')).toEqual([
      { type: 'NotPossible', message: 'rehousing for this case is already under way' },
    ]);
    expect(childRequestRefusals([{ ...children[0], open: true }], 'marac')).toEqual([
      { type: 'NotPossible', message: 'a MARAC referral for this case is already open' },
    ]);
  });
});

describe('urgency', () => {
  const facts = (immediateDangerAtDisclosure: boolean, riskLevel: CaseState['risk']['level'] = 'standard') => ({
    disclosure: { immediateDanger: immediateDangerAtDisclosure } as CaseState['disclosure'],
    risk: { level: riskLevel, reasons: [] },
    immediateDanger: undefined as CaseState['immediateDanger'],
  });
  const recordedLater = { at: '2031-02-03T21:00:00.000Z', by: 'officer-1', policeCalled: true };

  it('treats immediate danger at disclosure or recorded since, and a high risk, as urgent', () => {
    expect(isUrgentCase(facts(false))).toBe(false);
    expect(isUrgentCase(facts(true))).toBe(true);
    expect(isUrgentCase({ ...facts(false), immediateDanger: recordedLater })).toBe(true);
    expect(isUrgentCase(facts(false, 'high'))).toBe(true);
    expect(isInImmediateDanger(facts(false, 'high'))).toBe(false);
  });

  it('records immediate danger once: its alert has gone and the deadlines are already urgent', () => {
    expect(immediateDangerRefusals(facts(false))).toEqual([]);
    for (const already of [facts(true), { ...facts(false), immediateDanger: recordedLater }]) {
      expect(immediateDangerRefusals(already)).toEqual([
        { type: 'NotPossible', message: 'immediate danger is already recorded for this case' },
      ]);
    }
  });
});
