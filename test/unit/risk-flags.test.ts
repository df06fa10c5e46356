import { disclosureSchema } from '../../src/case/disclosure';
import {
  endFlagBodySchema,
  flagsOnOpening,
  PERPETRATOR_WARNING,
  propertyFlagBodySchema,
  SURVIVOR_WARNING,
} from '../../src/flags/flag';
import { fictionalDisclosure, fictionalSurvivorReference } from '../fixtures/disclosures';

describe('risk flags raised when a case opens (Kent 004 §5.5)', () => {
  it('flags the survivor as potentially vulnerable, by their reference', () => {
    expect(flagsOnOpening(disclosureSchema.parse(fictionalDisclosure()))).toEqual([
      { subject: 'survivor', subjectReference: fictionalSurvivorReference, warning: SURVIVOR_WARNING },
    ]);
  });

  it('flags the perpetrator for potential risk when the disclosure names their reference', () => {
    const disclosure = disclosureSchema.parse(
      fictionalDisclosure({ perpetrator: { isResident: true, reference: 'FICTIONAL-PERSON-0002' } }),
    );
    expect(flagsOnOpening(disclosure)).toEqual([
      expect.objectContaining({ subject: 'survivor' }),
      { subject: 'perpetrator', subjectReference: 'FICTIONAL-PERSON-0002', warning: PERPETRATOR_WARNING },
    ]);
  });

  it('words each warning as what to do, never why', () => {
    for (const warning of [SURVIVOR_WARNING, PERPETRATOR_WARNING]) {
      expect(warning).toMatch(/contact the domestic abuse team/);
      expect(warning).not.toMatch(/abuse (case|victim|survivor)|disclos/i);
    }
  });
});

describe('risk flag bodies', () => {
  it('needs a case id, a property reference and a warning', () => {
    const parsed = propertyFlagBodySchema.safeParse({ caseId: 'not-a-uuid', propertyReference: '', warning: 'x' });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['caseId', 'propertyReference']);
  });

  it('ends a flag only with a reason of at least 10 characters', () => {
    expect(endFlagBodySchema.safeParse({ reason: 'moved' }).error?.issues[0]?.message).toBe(
      'say in at least 10 characters why',
    );
    expect(endFlagBodySchema.safeParse({ reason: 'The perpetrator moved out of the area.' }).success).toBe(true);
  });
});
