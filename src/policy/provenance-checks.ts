import { isDeepStrictEqual } from 'node:util';
import { describeTimescale, timescaleSchema } from '../deadlines/timescale';
import { platformDefaults } from './defaults';
import {
  calendarHours,
  escalationRungSchema,
  jsonPath,
  provenanceEntrySchema,
  type EscalationRung,
  type ProfileProblem,
  type ProvenanceEntry,
} from './profile';
import { defaultUrgentHours } from './urgent';

/**
 * What the schema cannot see from the profile alone: that each quote occurs in its policy
 * document, and that each value labelled a platform default is the platform's. Both read the
 * profile as loosely as it came from its file, so a profile with schema problems is still checked
 * here and its author sees every problem at once.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function valueAt(root: unknown, segments: readonly string[]): unknown {
  return segments.reduce<unknown>((node, key) => {
    if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
    return isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  }, root);
}

/** The provenance entries that are well formed, by dotted path; the schema reports the others. */
function provenanceEntries(profile: unknown): [string, ProvenanceEntry][] {
  const provenance = isRecord(profile) ? profile.provenance : undefined;
  if (!isRecord(provenance)) return [];
  return Object.entries(provenance).flatMap(([at, entry]) => {
    const parsed = provenanceEntrySchema.safeParse(entry);
    return parsed.success ? [[at, parsed.data] as [string, ProvenanceEntry]] : [];
  });
}

/** Line breaks and runs of spaces in a policy's text do not matter to a quote. */
const normalised = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Each quote must occur word for word in its document; `documents` maps each readable document's name to its text. */
export function quoteProblems(profile: unknown, documents: ReadonlyMap<string, string>): ProfileProblem[] {
  const texts = new Map([...documents].map(([name, text]) => [name, normalised(text)]));
  return provenanceEntries(profile).flatMap(([at, entry]) => {
    if (entry.source !== 'policy') return [];
    const text = texts.get(entry.document);
    if (text === undefined || text.includes(normalised(entry.reference))) return [];
    return [
      {
        path: jsonPath(['provenance', at, 'reference']),
        message: `this quote does not occur in ${entry.document}: quote the document word for word`,
      },
    ];
  });
}

const DEFAULT_LADDER = platformDefaults.escalationLadder;
const hasDefaultRung = (rung: unknown): rung is keyof typeof DEFAULT_LADDER =>
  typeof rung === 'string' && Object.hasOwn(DEFAULT_LADDER, rung);

/**
 * The platform's value for a dotted path of `profile`, or undefined where it has none. Ladder
 * defaults are kept by rung, not by position: a step's default title is its rung's; in the main
 * ladder its offset is its rung's too, except that the first step (whatever its rung) is alerted
 * at the deadline, as the first default rung is; in the urgent ladder it is the rung's clock hours.
 */
function platformDefaultFor(profile: unknown, at: string): { value: unknown } | undefined {
  const segments = at.split('.');
  const ladder = at.startsWith('urgent.escalationLadder.')
    ? 'urgent'
    : at.startsWith('escalationLadder.')
      ? 'main'
      : undefined;
  if (ladder && segments.length === (ladder === 'urgent' ? 4 : 3)) {
    const [index, field] = segments.slice(-2);
    const rung = valueAt(profile, [...segments.slice(0, -1), 'rung']);
    if (ladder === 'urgent' && field === 'afterDeadline' && escalationRungSchema.safeParse(rung).success)
      return { value: calendarHours(defaultUrgentHours(rung as EscalationRung)) };
    if (!hasDefaultRung(rung)) return undefined;
    if (field === 'rung') return { value: rung };
    if (field === 'roleTitle') return { value: DEFAULT_LADDER[rung].roleTitle };
    if (field === 'afterDeadline')
      return { value: index === '0' ? DEFAULT_LADDER.line_manager.afterDeadline : DEFAULT_LADDER[rung].afterDeadline };
    return undefined;
  }
  if (at === 'urgent.onCall.roleTitle') return { value: platformDefaults.onCallRoleTitle };
  const value = valueAt(platformDefaults, segments);
  return value === undefined ? undefined : { value };
}

function describeValue(value: unknown): string {
  const timescale = timescaleSchema.safeParse(value);
  return timescale.success ? describeTimescale(timescale.data) : JSON.stringify(value);
}

/** A value labelled platform_default must be the platform's default (src/policy/defaults.ts). */
export function defaultProblems(profile: unknown): ProfileProblem[] {
  return provenanceEntries(profile).flatMap(([at, entry]) => {
    if (entry.source !== 'platform_default') return [];
    const value = valueAt(profile, at.split('.'));
    if (value === undefined) return []; // a label without a value: the schema says so
    const expected = platformDefaultFor(profile, at);
    const path = jsonPath(at.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key)));
    if (!expected)
      return [{ path, message: 'labelled platform_default, but the platform has no default here: quote the policy' }];
    if (isDeepStrictEqual(value, expected.value)) return [];
    return [
      {
        path,
        message: `labelled platform_default, but the platform default is ${describeValue(expected.value)}: use it, or quote the policy that states this value`,
      },
    ];
  });
}
