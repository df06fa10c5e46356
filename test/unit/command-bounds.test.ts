import {
  closeCaseCommand,
  consentDecisionCommand,
  DATA_CATEGORIES_MAX,
  dashCommand,
  lawfulBasisCommand,
  REASONING_TEXT_MAX,
  recordedConsentDecisionCommand,
  recordedDashCommand,
  recordedLawfulBasisCommand,
  recordedSafetyPlanCommand,
  recordedSharingRequestCommand,
  SAFETY_PLAN_MEASURES_MAX,
  safetyPlanCommand,
  sharingRequestCommand,
} from '../../src/case/commands';
import {
  emergencyRepairsCommand,
  recordedEmergencyRepairsCommand,
  REPAIR_WORKS_MAX,
} from '../../src/children/repairs/commands';
import { AGENCY_NAME_MAX } from '../../src/platform/text';
import { CASE_ENTRY_LIMITS } from '../../src/case/state-bounds';

const actor = { staffId: 'officer-ada', role: 'caseworker' } as const;
const list = (length: number, what: string) => Array.from({ length }, (_, index) => `${what} ${index}`);
type Schema = {
  safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } };
};

/**
 * New commands are bounded; a command a running case recorded before the bounds is still taken by
 * the schema its handler re-parses on replay, so the case replays.
 */
describe('command lists and reasons are bounded for new commands only', () => {
  const cases: [string, Schema, Schema, (length: number) => unknown, number, string, string][] = [
    [
      'sharing request data categories',
      sharingRequestCommand,
      recordedSharingRequestCommand,
      (length) => ({ actor, agency: 'Test agency', purpose: 'test purpose', dataCategories: list(length, 'category') }),
      DATA_CATEGORIES_MAX,
      'dataCategories',
      `name at most ${DATA_CATEGORIES_MAX} categories of information`,
    ],
    [
      'consent scope data categories',
      consentDecisionCommand,
      recordedConsentDecisionCommand,
      (length) => ({
        actor,
        decision: 'given',
        scope: { agency: 'Test agency', purpose: 'test purpose', dataCategories: list(length, 'category') },
      }),
      DATA_CATEGORIES_MAX,
      'scope.dataCategories',
      `name at most ${DATA_CATEGORIES_MAX} categories of data`,
    ],
    [
      'safety plan measures',
      safetyPlanCommand,
      recordedSafetyPlanCommand,
      (length) => ({ actor, measures: list(length, 'measure'), agreedWithSurvivor: true }),
      SAFETY_PLAN_MEASURES_MAX,
      'measures',
      `name at most ${SAFETY_PLAN_MEASURES_MAX} measures`,
    ],
    [
      'repair works',
      emergencyRepairsCommand,
      recordedEmergencyRepairsCommand,
      (length) => ({ actor, works: list(length, 'works') }),
      REPAIR_WORKS_MAX,
      'works',
      `name at most ${REPAIR_WORKS_MAX} repairs or security measures`,
    ],
    [
      'lawful basis rationale',
      lawfulBasisCommand,
      recordedLawfulBasisCommand,
      (length) => ({ actor, requestId: 'r-1', basis: 'legal_duty', rationale: 'r'.repeat(length), tellSurvivor: true }),
      REASONING_TEXT_MAX,
      'rationale',
      `keep it to ${REASONING_TEXT_MAX} characters`,
    ],
    [
      'professional judgement rationale',
      dashCommand,
      recordedDashCommand,
      (length) => ({
        actor,
        assessment: {
          kind: 'count',
          yesCount: 3,
          policeCallOutsLast12Months: 0,
          professionalJudgement: { high: true, rationale: 'r'.repeat(length) },
        },
      }),
      REASONING_TEXT_MAX,
      'assessment.professionalJudgement.rationale',
      `keep it to ${REASONING_TEXT_MAX} characters`,
    ],
    [
      'partner agency name',
      dashCommand,
      recordedDashCommand,
      (length) => ({
        actor,
        assessment: { kind: 'partner_agency', agency: 'a'.repeat(length), assessedOn: '2031-03-01', riskLevel: 'high' },
      }),
      AGENCY_NAME_MAX,
      'assessment.agency',
      `keep it to ${AGENCY_NAME_MAX} characters`,
    ],
  ];

  it.each(cases)('takes the most %s a new command may name', (_name, bounded, recorded, command, max) => {
    expect(bounded.safeParse(command(max)).success).toBe(true);
    expect(recorded.safeParse(command(max)).success).toBe(true);
  });

  it.each(cases)(
    'refuses one more of the %s, naming the field',
    (_name, bounded, _recorded, command, max, field, message) => {
      const parsed = bounded.safeParse(command(max + 1));
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([[field, message]]);
    },
  );

  it.each(cases)(
    'still takes the longer %s a running case recorded before the bound',
    (_name, _bounded, recorded, command, max) => {
      expect(recorded.safeParse(command(max + 1)).success).toBe(true);
    },
  );

  it('still refuses unknown fields and applies the cross-field rule in the bounded lawful basis command', () => {
    expect(
      sharingRequestCommand.safeParse({ actor, agency: 'a', purpose: 'p', dataCategories: ['c'], extra: 1 }).success,
    ).toBe(false);
    const untold = lawfulBasisCommand.safeParse({
      actor,
      requestId: 'r-1',
      basis: 'legal_duty',
      rationale: 'a court order requires it',
      tellSurvivor: false,
    });
    expect(untold.error!.issues.map((issue) => issue.message)).toEqual(['record why the survivor will not be told']);
  });
});

describe('closing a case', () => {
  it('can name every linked workflow a case may hold, so a case with many open works orders can still close', () => {
    const openChildren = Array.from({ length: CASE_ENTRY_LIMITS.linkedWorkflows }, (_, index) => ({
      workflowId: `case-00000000-0000-4000-8000-000000000000/repairs-${index + 1}`,
      kind: 'repairs',
      disposition: 'transferred',
      reason: 'passed to the new landlord’s repairs team',
    }));
    const closing = { actor, reason: 'resolved', survivorAgrees: true };
    expect(closeCaseCommand.safeParse({ ...closing, openChildren }).success).toBe(true);
    expect(
      closeCaseCommand.safeParse({
        ...closing,
        openChildren: [...openChildren, { ...openChildren[0]!, workflowId: 'another' }],
      }).success,
    ).toBe(false);
  });
});
