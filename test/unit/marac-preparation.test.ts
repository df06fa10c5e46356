import { maracResearchSchema, type MaracResearch } from '../../src/children/marac/commands';
import { submissionRefusals } from '../../src/children/marac/rules';
import type { MaracReferralState } from '../../src/children/marac/state';
import { agenciesInvolved, maracResearchOf } from '../../src/case/rules/marac-research';
import type { CaseView } from '../../src/case/state';
import { shippedProfile } from '../support/profiles';

const connect = shippedProfile('connect');
const stonewater = shippedProfile('stonewater');
const preparing: MaracReferralState = {
  referralId: 'referral-1',
  reason: 'high_risk_assessment',
  referredAt: '2031-03-03T09:00:00.000Z',
  status: 'preparing',
  deadlines: [],
  alerts: [],
};
const research: MaracResearch = {
  riskSummary: { level: 'high', reasons: ['visible_high_risk'] },
  childrenInHousehold: true,
  adultAtRisk: false,
  repeatIncidentsLast12Months: 0,
  agenciesInvolved: [],
};

describe('preparing a MARAC referral', () => {
  it('goes to a MARAC the profile names, whose representative differs by area (Connect 003 §4.4)', () => {
    expect(connect.maracAreas.kirklees?.representative).toBe("Connect's specialist domestic abuse staff");
    expect(connect.maracAreas.leeds?.representative).toBe('Community Housing Officers and Engage Leeds staff');
    expect(submissionRefusals(preparing, { area: 'leeds', research }, connect)).toEqual([]);
    expect(submissionRefusals(preparing, { area: 'Leeds MARAC' }, connect)).toEqual([
      {
        type: 'InvalidCommand',
        message: 'area: "Leeds MARAC" is not a MARAC Connect attends (it attends: kirklees, leeds)',
      },
    ]);
    // a profile naming no areas takes the area in words
    expect(submissionRefusals(preparing, { area: 'Fictional Borough' }, stonewater)).toEqual([]);
  });

  it('sends its research only where the policy allows the high-risk MARAC basis', () => {
    const withoutBasis = { ...stonewater, lawfulBasesForSharingWithoutConsent: [] };
    expect(submissionRefusals(preparing, { area: 'Fictional Borough', research }, withoutBasis)).toEqual([
      { type: 'NotPossible', message: expect.stringContaining('high-risk MARAC basis') },
    ]);
  });

  it('answers an agency name recorded before names were bounded within the research’s bound', () => {
    const long = `Fictional ${'agency '.repeat(60)}`;
    const view = {
      sharing: { requests: [{ request: { agency: long }, release: {} }] },
      safeguardingReferrals: [],
    } as unknown as CaseView;
    const [agency] = agenciesInvolved(view);
    expect(agency!.length).toBe(200);
    expect(maracResearchSchema.shape.agenciesInvolved.safeParse([agency]).success).toBe(true);
  });

  it('answers the coordinator’s research from the case: risk, household, repeat incidents, agencies, each agency once', () => {
    const view = {
      risk: {
        level: 'high',
        assessedAt: '2031-03-03T09:00:00.000Z',
        reasons: [
          { kind: 'visible_high_risk', yesCount: 15 },
          { kind: 'potential_escalation', policeCallOuts: 3 },
        ],
      },
      assessments: [{ yesCount: 15 }],
      disclosure: { survivor: { childrenInHousehold: true, adultAtRisk: false } },
      repeatIncidents: { total: 3, inLast12Months: 2 },
      sharing: {
        requests: [
          { request: { agency: 'Fictional Police' }, release: {} },
          { request: { agency: 'Unreleased Agency' } },
        ],
      },
      safeguardingReferrals: [{ agency: 'Fictional Children’s Services' }],
      perpetratorActions: [{ owner: { agency: 'fictional police' } }, { owner: { staffId: 'officer-ada' } }],
      safetyPlan: { measures: [{ owner: { agency: 'Fictional IDVA Service' } }] },
    } as unknown as CaseView;
    expect(agenciesInvolved(view)).toEqual([
      'Fictional Children’s Services',
      'Fictional IDVA Service',
      'Fictional Police',
    ]);
    expect(maracResearchOf(view)).toEqual({
      riskSummary: {
        level: 'high',
        dashYesCount: 15,
        assessedAt: '2031-03-03T09:00:00.000Z',
        reasons: ['visible_high_risk', 'potential_escalation'],
        policeCallOutsLast12Months: 3,
      },
      childrenInHousehold: true,
      adultAtRisk: false,
      repeatIncidentsLast12Months: 2,
      agenciesInvolved: ['Fictional Children’s Services', 'Fictional IDVA Service', 'Fictional Police'],
    });
  });
});
