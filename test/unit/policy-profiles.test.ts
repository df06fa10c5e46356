import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parsePolicyProfile, type PolicyProfile } from '../../src/policy';
import { platformDefaults } from '../../src/policy/defaults';
import { SHIPPED_PROFILES_DIR } from '../../src/policy/registry';
import { defaultUrgentHours, urgentPolicyOf } from '../../src/policy/urgent';
import { shippedProfile, shippedProfiles } from '../support/profiles';

/** The source texts the product is built from, beside the repository. */
const POLICY_DIR = path.resolve(__dirname, '../../../shared/policies');
const policyText = (document: string) => readFileSync(path.join(POLICY_DIR, document), 'utf8');

const profiles = shippedProfiles.list();
const ssj = shippedProfile('ssj');
const stonewater = shippedProfile('stonewater');
const connect = shippedProfile('connect');
const kent = shippedProfile('kent-housing');

/** Independent of the schema's own walk: every primitive is a value, and so is each timescale. */
function valuePaths(profile: PolicyProfile): string[] {
  const {
    id: _id,
    version: _version,
    organisationName: _name,
    policyDocuments: _docs,
    provenance: _prov,
    ...values
  } = profile;
  const paths: string[] = [];
  const visit = (node: unknown, at: string[]) => {
    const isTimescale = typeof node === 'object' && node !== null && 'unit' in node && 'amount' in node;
    if (typeof node === 'object' && node !== null && !isTimescale) {
      Object.entries(node).forEach(([key, child]) => visit(child, [...at, key]));
    } else {
      paths.push(at.join('.'));
    }
  };
  visit(values, []);
  return paths.sort();
}

/** A deep copy of a valid profile to break in one place. */
const copyOf = (profile: PolicyProfile): Record<string, any> => structuredClone(profile);

const problemsOf = (input: unknown): string => {
  try {
    parsePolicyProfile(input);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the profile to be rejected');
};

describe('shipped policy profiles', () => {
  it('ships the four organisations under their ids', () => {
    expect(profiles.map((profile) => profile.id)).toEqual(['connect', 'kent-housing', 'ssj', 'stonewater']);
    expect(shippedProfiles.get('nobody')).toBeUndefined();
    expect(shippedProfiles.get('constructor')).toBeUndefined();
  });

  it('ships each policy document exactly as the source text', () => {
    for (const document of new Set(profiles.flatMap((profile) => profile.policyDocuments))) {
      expect(readFileSync(path.join(SHIPPED_PROFILES_DIR, 'documents', document), 'utf8')).toBe(policyText(document));
    }
  });

  it.each(profiles.map((p) => [p.id, p] as const))('%s parses as it would from JSON', (_id, profile) => {
    expect(parsePolicyProfile(JSON.parse(JSON.stringify(profile)))).toEqual(profile);
  });

  it.each(profiles.map((p) => [p.id, p] as const))('%s labels every value, and only values', (_id, profile) => {
    expect(Object.keys(profile.provenance).sort()).toEqual(valuePaths(profile));
  });

  it.each(profiles.map((p) => [p.id, p] as const))('%s quotes its own policy text exactly', (_id, profile) => {
    const policyEntries = Object.entries(profile.provenance).flatMap(([at, entry]) =>
      entry.source === 'policy' ? [{ at, ...entry }] : [],
    );
    expect(policyEntries.length).toBeGreaterThan(0);
    for (const entry of policyEntries) {
      expect(profile.policyDocuments).toContain(entry.document);
      expect({ at: entry.at, found: policyText(entry.document).includes(entry.reference) }).toEqual({
        at: entry.at,
        found: true,
      });
    }
  });

  it('labels a value as a platform default only when it equals the default', () => {
    const defaults = platformDefaults as unknown as Record<string, any>;
    for (const profile of profiles) {
      for (const [at, entry] of Object.entries(profile.provenance)) {
        const [section] = at.split('.');
        // Ladder defaults are keyed by rung rather than position; checked in the ladder tests.
        if (entry.source !== 'platform_default' || section === 'escalationLadder') continue;
        // The urgent ladder repeats the ladder's rungs and titles (checked there); its hours are by rung.
        if (/^urgent\.escalationLadder\.\d+\.(rung|roleTitle)$/.test(at)) continue;
        const urgentStep = /^urgent\.escalationLadder\.(\d+)\.afterDeadline$/.exec(at);
        const expected = urgentStep
          ? {
              unit: 'calendar_hours',
              amount: defaultUrgentHours(profile.urgent.escalationLadder[+urgentStep[1]!]!.rung),
            }
          : at === 'urgent.onCall.roleTitle'
            ? defaults.onCallRoleTitle
            : at.split('.').reduce<any>((node, key) => node[key], defaults);
        expect({ profile: profile.id, at, value: valueAt(profile, at) }).toEqual({
          profile: profile.id,
          at,
          value: expected,
        });
      }
    }
  });
});

function valueAt(profile: PolicyProfile, at: string): unknown {
  return at.split('.').reduce<any>((node, key) => node[key], profile);
}

describe('urgent ladder and on-call arrangement', () => {
  it("escalates every shipped profile's urgent work in clock hours, each step labelled", () => {
    for (const profile of profiles) {
      expect(profile.urgent.escalationLadder.map((step) => step.rung)).toEqual(
        profile.escalationLadder.map((step) => step.rung),
      );
      profile.urgent.escalationLadder.forEach((step, index) => {
        expect(step.afterDeadline.unit).toBe('calendar_hours');
        expect(step.afterDeadline.amount).toBeLessThanOrEqual(2);
        expect(profile.provenance[`urgent.escalationLadder.${index}.afterDeadline`]).toBeDefined();
      });
      expect(profile.provenance['urgent.onCall.roleTitle']).toBeDefined();
    }
  });

  it("names SSJ's Operational Security Team as on call, quoted from its policy; the others use the default", () => {
    expect(ssj.urgent.onCall.roleTitle).toBe('Operational Security Team (OST)');
    const quoted = ssj.provenance['urgent.onCall.roleTitle'];
    expect(quoted).toMatchObject({ source: 'policy', document: '000_e2beb730d2dcfb2e.txt' });
    expect(policyText('000_e2beb730d2dcfb2e.txt')).toContain((quoted as { reference: string }).reference);
    for (const profile of [stonewater, connect, kent]) {
      expect(profile.provenance['urgent.onCall.roleTitle']).toEqual({ source: 'platform_default' });
    }
  });

  it('gives a profile recorded before urgent ladders existed the platform defaults, rung by rung', () => {
    const { urgent: _urgent, ...older } = copyOf(ssj);
    expect(urgentPolicyOf(older as PolicyProfile)).toEqual({
      escalationLadder: [
        { rung: 'line_manager', roleTitle: 'line manager', afterDeadline: { unit: 'calendar_hours', amount: 0 } },
        { rung: 'da_lead', roleTitle: 'DA Lead', afterDeadline: { unit: 'calendar_hours', amount: 1 } },
        {
          rung: 'head_of_service',
          roleTitle: 'Organisational Lead or Deputy Organisational Lead',
          afterDeadline: { unit: 'calendar_hours', amount: 2 },
        },
      ],
      onCall: { roleTitle: 'On-call manager' },
    });
    expect(urgentPolicyOf(ssj)).toBe(ssj.urgent);
  });
});

describe('differences between the organisations', () => {
  const source = (profile: PolicyProfile, at: string) => profile.provenance[at]?.source;

  it('takes DASH within two working days from Kent only; the others fall back to the default', () => {
    expect(kent.timescales.dashAssessment).toEqual({ unit: 'working_days', amount: 2 });
    expect(kent.provenance['timescales.dashAssessment']).toEqual({
      source: 'policy',
      document: '004_94644ceb8e3f3636.txt',
      reference: 'within two working days of the report',
    });
    for (const other of [ssj, stonewater, connect]) {
      expect(other.timescales.dashAssessment).toEqual(platformDefaults.timescales.dashAssessment);
      expect(source(other, 'timescales.dashAssessment')).toBe('platform_default');
    }
  });

  it('takes contact within one working day and 24-hour emergency repairs from Stonewater and Kent', () => {
    for (const stated of [stonewater, kent]) {
      expect(stated.timescales.initialContact).toEqual({ unit: 'working_days', amount: 1 });
      expect(stated.timescales.emergencyRepairs).toEqual({ unit: 'calendar_hours', amount: 24 });
      expect(source(stated, 'timescales.initialContact')).toBe('policy');
      expect(source(stated, 'timescales.emergencyRepairs')).toBe('policy');
    }
    for (const silent of [ssj, connect]) {
      expect(source(silent, 'timescales.initialContact')).toBe('platform_default');
      expect(source(silent, 'timescales.emergencyRepairs')).toBe('platform_default');
    }
  });

  it("keeps each organisation's own role titles on routable rungs", () => {
    const ladder = (profile: PolicyProfile) => profile.escalationLadder.map((step) => [step.rung, step.roleTitle]);
    expect(ladder(ssj)).toEqual([
      ['line_manager', 'line manager'],
      ['da_lead', 'DA Lead'],
      ['head_of_service', 'Organisational Lead or Deputy Organisational Lead'],
    ]);
    expect(ladder(stonewater)).toEqual([
      ['line_manager', 'manager'],
      ['da_lead', 'Head of Domestic Abuse Support'],
    ]);
    expect(ladder(connect)).toEqual([
      ['line_manager', platformDefaults.escalationLadder.line_manager.roleTitle],
      ['da_lead', 'specialist domestic abuse staff'],
      ['head_of_service', 'Director of Neighbourly Places'],
    ]);
    expect(ladder(kent)).toEqual([
      ['da_lead', 'Community Safety Manager'],
      ['head_of_service', platformDefaults.escalationLadder.head_of_service.roleTitle],
    ]);
    expect(source(connect, 'escalationLadder.0.roleTitle')).toBe('platform_default');
    expect(source(kent, 'escalationLadder.1.rung')).toBe('platform_default');
    for (const profile of profiles) {
      expect(profile.escalationLadder[0]!.afterDeadline).toEqual({ unit: 'calendar_hours', amount: 0 });
    }
  });

  it('uses the referral routes each policy names', () => {
    const routes = (profile: PolicyProfile) => Object.keys(profile.referralRoutes).sort();
    expect(routes(ssj)).toEqual([
      'idva',
      'local_authority_housing',
      'local_authority_safeguarding',
      'marac',
      'marm',
      'matac',
    ]);
    expect(routes(stonewater)).toEqual(['idva', 'local_authority_housing', 'local_authority_safeguarding', 'marac']);
    expect(routes(connect)).toEqual(['local_authority_safeguarding', 'marac']);
    expect(routes(kent)).toEqual([
      'dapp',
      'local_authority_housing',
      'local_authority_safeguarding',
      'mappa',
      'marac',
      'safer_scheme',
    ]);
  });

  it('allows sharing without consent only on the bases each policy states', () => {
    const safeguardingAndMarac = ['high_risk_marac', 'safeguarding_adult_at_risk', 'safeguarding_child'];
    const bases = (profile: PolicyProfile) => [...profile.lawfulBasesForSharingWithoutConsent].sort();
    expect(bases(stonewater)).toEqual([
      'high_risk_marac',
      'legal_duty',
      'safeguarding_adult_at_risk',
      'safeguarding_child',
    ]);
    for (const profile of [ssj, connect, kent]) expect(bases(profile)).toEqual(safeguardingAndMarac);
    for (const profile of profiles) {
      expect(profile.lawfulBasesForSharingWithoutConsent).not.toContain('prevention_of_crime_or_vital_interests');
    }
  });

  it("accepts a partner agency's DASH by Connect's and Kent's policies, and by default elsewhere", () => {
    for (const profile of profiles) expect(profile.risk.partnerDashAccepted).toBe(true);
    expect([connect, kent].map((p) => source(p, 'risk.partnerDashAccepted'))).toEqual(['policy', 'policy']);
    expect([ssj, stonewater].map((p) => source(p, 'risk.partnerDashAccepted'))).toEqual([
      'platform_default',
      'platform_default',
    ]);
  });

  it('takes keeping the case open until the survivor is satisfied from Stonewater', () => {
    expect(source(stonewater, 'closure.requiresSurvivorAgreement')).toBe('policy');
    for (const profile of [ssj, connect, kent])
      expect(source(profile, 'closure.requiresSurvivorAgreement')).toBe('platform_default');
  });
});

describe('parsePolicyProfile rejects a bad profile and names the field', () => {
  it('rejects a missing escalation ladder', () => {
    const profile = copyOf(kent);
    delete profile.escalationLadder;
    expect(problemsOf(profile)).toMatch(
      /invalid policy profile "kent-housing": .*\$\.escalationLadder: Invalid input: expected array/,
    );
  });

  it('rejects an empty escalation ladder', () => {
    expect(problemsOf({ ...copyOf(kent), escalationLadder: [] })).toMatch(
      /\$\.escalationLadder: the escalation ladder needs at least one rung/,
    );
  });

  it('rejects an unknown rung', () => {
    const profile = copyOf(kent);
    profile.escalationLadder[1].rung = 'chief_executive';
    expect(problemsOf(profile)).toMatch(/\$\.escalationLadder\[1\]\.rung: Invalid option/);
  });

  it('rejects the same rung twice', () => {
    const profile = copyOf(ssj);
    profile.escalationLadder[2].rung = 'da_lead';
    expect(problemsOf(profile)).toMatch(/\$\.escalationLadder\[2\]\.rung: rung "da_lead" appears twice/);
  });

  it('rejects on_call as a rung of a ladder: it is set by urgent.onCall', () => {
    const profile = copyOf(ssj);
    profile.urgent.escalationLadder[0].rung = 'on_call';
    expect(problemsOf(profile)).toMatch(/\$\.urgent\.escalationLadder\[0\]\.rung: on_call is not a ladder rung/);
  });

  it('rejects an urgent ladder counted in working days', () => {
    const profile = copyOf(kent);
    profile.urgent.escalationLadder[1].afterDeadline = { unit: 'working_days', amount: 1 };
    expect(problemsOf(profile)).toMatch(/\$\.urgent\.escalationLadder\[1\]\.afterDeadline: must be in calendar_hours/);
  });

  it('rejects a closure approver who is not on the ladder', () => {
    const profile = copyOf(stonewater);
    profile.closure.highRiskClosureApprover = 'head_of_service';
    expect(problemsOf(profile)).toMatch(
      /\$\.closure\.highRiskClosureApprover: "head_of_service" is not a rung of the escalation ladder/,
    );
  });

  it('rejects business hours that close before they open', () => {
    const profile = copyOf(connect);
    profile.businessHours = { timeZone: 'Europe/London', opens: '17:00', closes: '09:00' };
    expect(problemsOf(profile)).toMatch(/\$\.businessHours: business hours must open before they close/);
  });

  it('rejects unknown keys at the top level and inside a section', () => {
    expect(problemsOf({ ...copyOf(ssj), colour: 'blue' })).toMatch(/\$: Unrecognized key: "colour"/);
    const profile = copyOf(ssj);
    profile.timescales.initialContactt = { unit: 'working_days', amount: 1 };
    expect(problemsOf(profile)).toMatch(/\$\.timescales: Unrecognized key: "initialContactt"/);
  });

  it('rejects emergency repairs counted in working days', () => {
    const profile = copyOf(kent);
    profile.timescales.emergencyRepairs = { unit: 'working_days', amount: 1 };
    expect(problemsOf(profile)).toMatch(/\$\.timescales\.emergencyRepairs: must be in calendar_hours/);
  });

  it('rejects a value without provenance, and provenance without a value', () => {
    const missing = copyOf(kent);
    delete missing.provenance['timescales.safetyPlan'];
    expect(problemsOf(missing)).toMatch(/\$\.provenance: no provenance for "timescales.safetyPlan"/);

    const stray = copyOf(kent);
    stray.provenance['timescales.coffeeBreak'] = { source: 'platform_default' };
    expect(problemsOf(stray)).toMatch(
      /\$\.provenance\["timescales\.coffeeBreak"\]: provenance for "timescales.coffeeBreak", which is not a value/,
    );
  });

  it('rejects a policy reference to a document the profile does not name', () => {
    const profile = copyOf(kent);
    profile.provenance['timescales.dashAssessment'].document = '002_416270b1980a41b9.txt';
    expect(problemsOf(profile)).toMatch(
      /\$\.provenance\["timescales\.dashAssessment"\]\.document: .* is not one of this profile's policyDocuments/,
    );
  });

  it('rejects a medium threshold at or above the high threshold', () => {
    const profile = copyOf(ssj);
    profile.risk.dashMediumThreshold = 14;
    expect(problemsOf(profile)).toMatch(
      /\$\.risk\.dashMediumThreshold: the medium-risk threshold must be below the high-risk threshold/,
    );
  });
});
