import {
  consentDecisionCommand,
  lawfulBasisCommand,
  safetyPlanCommand,
  sharingRequestCommand,
} from '../../src/case/commands';
import { submitReferralCommand } from '../../src/children/marac/commands';
import { offerCommand } from '../../src/children/rehousing/commands';
import { contractorUpdateCommand } from '../../src/children/repairs/commands';

const actor = { staffId: 'officer-ada', role: 'caseworker' } as const;
const nul = '\u0000';

/** Whoever sends a command (API, CLI, a workflow client), the schema itself refuses NUL. */
describe('command schemas refuse the NUL character', () => {
  const cases: [
    string,
    { safeParse(value: unknown): { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } } },
    unknown,
    string,
  ][] = [
    [
      'sharing request agency',
      sharingRequestCommand,
      { actor, agency: `Children${nul}s Services`, purpose: 'assessment', dataCategories: ['risk summary'] },
      'agency',
    ],
    [
      'safety plan measure',
      safetyPlanCommand,
      { actor, measures: [`new locks${nul}`], agreedWithSurvivor: true },
      'measures.0',
    ],
    [
      'consent scope category',
      consentDecisionCommand,
      { actor, decision: 'given', scope: { agency: 'Police', purpose: 'MARAC', dataCategories: [`a${nul}`] } },
      'scope.dataCategories.0',
    ],
    [
      'lawful basis rationale',
      lawfulBasisCommand,
      {
        actor,
        requestId: 'r-1',
        basis: 'legal_duty',
        rationale: `A court order was produced${nul} here.`,
        tellSurvivor: true,
      },
      'rationale',
    ],
    [
      'actor staff id',
      safetyPlanCommand,
      { actor: { ...actor, staffId: `officer${nul}` }, measures: ['new locks'], agreedWithSurvivor: true },
      'actor.staffId',
    ],
    ['MARAC area', submitReferralCommand, { actor, area: `Kent${nul}`, survivorInformed: true }, 'area'],
    [
      'rehousing offer reference',
      offerCommand,
      { actor, offerReference: `OFFER${nul}1`, kind: 'sole_tenancy' },
      'offerReference',
    ],
    [
      'contractor reason',
      contractorUpdateCommand,
      { outcome: 'not_practicable', newCompletionBy: '2026-03-12T10:00:00Z', reason: `no parts${nul}` },
      'reason',
    ],
  ];

  it.each(cases)('refuses NUL in the %s, naming the field', (_name, schema, command, field) => {
    const parsed = schema.safeParse(command);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([
      field,
      expect.stringContaining('NUL'),
    ]);
  });

  it('still accepts the same commands without the NUL', () => {
    for (const [, schema, command] of cases) {
      expect(schema.safeParse(JSON.parse(JSON.stringify(command).replaceAll('\\u0000', ''))).success).toBe(true);
    }
  });
});
