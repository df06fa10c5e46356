import { z } from 'zod';
import type { Disclosure } from '../case/disclosure';
import { boundedText, REASONING_TEXT_MAX } from '../platform/text';

/** Whom or what a flag warns about; the subject is named by the provider's reference, never a name or an address. */
export const FLAG_SUBJECTS = ['survivor', 'perpetrator', 'property'] as const;
export type FlagSubject = (typeof FLAG_SUBJECTS)[number];

/*
 * Kent 004 §5.5: "survivors will be flagged as potentially vulnerable and perpetrators flagged for
 * any potential risk". The words say what to do, not why: staff outside the case see them alone.
 */
export const SURVIVOR_WARNING = 'Potentially vulnerable: contact the domestic abuse team before any visit or letter';
export const PERPETRATOR_WARNING = 'Potential risk: do not attend alone; contact the domestic abuse team first';

export const FLAG_WARNING_MAX = 200;
/** The case that closed ends its flags with this reason. */
export const CASE_CLOSED_REASON = 'the case was closed';

export interface FlagToRaise {
  subject: FlagSubject;
  subjectReference: string;
  warning: string;
}

/** The flags opening a case raises: the survivor's always, the perpetrator's when the disclosure names their reference. */
export function flagsOnOpening(disclosure: Pick<Disclosure, 'survivor' | 'perpetrator'>): FlagToRaise[] {
  const { survivor, perpetrator } = disclosure;
  return [
    { subject: 'survivor', subjectReference: survivor.reference, warning: SURVIVOR_WARNING },
    ...(perpetrator.reference
      ? [{ subject: 'perpetrator' as const, subjectReference: perpetrator.reference, warning: PERPETRATOR_WARNING }]
      : []),
  ];
}

export interface RiskFlag extends FlagToRaise {
  flagId: string;
  caseId: string;
  raisedAt: string;
  raisedBy: string;
  endedAt?: string;
  endedBy?: string;
  endReason?: string;
}

/** A reference as the provider's systems hold it (a person, tenancy or property reference), never an address. */
const reference = (name: string) =>
  boundedText(100, { message: `${name} is the provider's reference, 1 to 100 characters` });

export const flagLookupBodySchema = z.strictObject({ reference: reference('reference') });

export const propertyFlagBodySchema = z.strictObject({
  caseId: z.uuid('caseId must be a UUID'),
  propertyReference: reference('propertyReference'),
  warning: boundedText(FLAG_WARNING_MAX, {
    message: 'warning says what to do before attending, e.g. do not attend alone',
  }),
});
export type PropertyFlagBody = z.infer<typeof propertyFlagBodySchema>;

export const endFlagBodySchema = z.strictObject({
  reason: boundedText(REASONING_TEXT_MAX, { min: 10, message: 'say in at least 10 characters why' }),
});
