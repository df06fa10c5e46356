import { z } from 'zod';
import { caseInstant } from '../platform/dates';
import { boundedText } from '../platform/text';

/** What a note records (Kent 004 §3.2: consistent, accurate and relevant records). */
export const NOTE_TYPES = ['contact', 'visit', 'call', 'agency_contact', 'observation', 'other'] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export const NOTE_TEXT_MAX = 10_000;
/** A clock a few minutes fast is not an event in the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What staff write; who wrote it and when it was recorded come from the token and the clock. */
export const noteBodySchema = z.strictObject({
  type: z.enum(NOTE_TYPES, { error: `type must be one of ${NOTE_TYPES.join(', ')}` }),
  occurredAt: caseInstant.refine((at) => Date.parse(at) <= Date.now() + CLOCK_SKEW_MS, {
    message: 'occurredAt cannot be in the future',
  }),
  /** who else took part (an agency, a relative), as staff describe them */
  withWhom: boundedText(200).optional(),
  text: boundedText(NOTE_TEXT_MAX),
});
export type NoteBody = z.infer<typeof noteBodySchema>;

/** The sealed part of a note: what was written, never in a log, a metric or an alert. */
export type NoteContent = Pick<NoteBody, 'text' | 'withWhom'>;

export interface CaseNote extends NoteContent {
  noteId: string;
  caseId: string;
  type: NoteType;
  occurredAt: string;
  recordedAt: string;
  by: string;
  byRole: string;
  /** the earlier note this one corrects */
  supersedes?: string;
  /** the later note that corrects this one; both stay in the record */
  supersededBy?: string;
}
