import { DateTime } from 'luxon';
import type { ReportingPackKind } from '../policy/profile';

/**
 * A reporting pack's period: a calendar month, quarter or year in the UK (Europe/London), from
 * 00:00 on its first day to 00:00 on the day after its last, so the clocks changing inside it
 * never moves a boundary. Pure: the pack activity and the tests call it with the instant they mean.
 */

export const PACK_TIME_ZONE = 'Europe/London';

export interface PackPeriod {
  kind: ReportingPackKind;
  /** 2026-11, 2026-Q3, 2026 */
  label: string;
  /** first day (inclusive), YYYY-MM-DD in the UK */
  from: string;
  /** last day (inclusive) */
  to: string;
  timeZone: string;
  /** the instants: from startsAt up to (not including) endsBefore */
  startsAt: string;
  endsBefore: string;
}

const MONTHS_IN: Record<ReportingPackKind, number> = { monthly: 1, quarterly: 3, annual: 12 };

function labelOf(kind: ReportingPackKind, start: DateTime): string {
  if (kind === 'monthly') return start.toFormat('yyyy-MM');
  if (kind === 'quarterly') return `${start.year}-Q${Math.ceil(start.month / 3)}`;
  return String(start.year);
}

function periodStartingAt(kind: ReportingPackKind, start: DateTime): PackPeriod {
  const next = start.plus({ months: MONTHS_IN[kind] });
  return {
    kind,
    label: labelOf(kind, start),
    from: start.toISODate()!,
    to: next.minus({ days: 1 }).toISODate()!,
    timeZone: start.zoneName ?? PACK_TIME_ZONE,
    startsAt: start.toUTC().toISO()!,
    endsBefore: next.toUTC().toISO()!,
  };
}

function startOfPeriodContaining(kind: ReportingPackKind, at: DateTime): DateTime {
  if (kind === 'monthly') return at.startOf('month');
  if (kind === 'quarterly') return at.startOf('quarter');
  return at.startOf('year');
}

function ukTime(at: Date | string, timeZone: string): DateTime {
  const instant = typeof at === 'string' ? DateTime.fromISO(at, { zone: timeZone }) : DateTime.fromJSDate(at);
  const zoned = instant.setZone(timeZone);
  if (!zoned.isValid) throw new Error(`not an instant: ${String(at)}`);
  return zoned;
}

/** The period of this kind that contains `at` (UK time). */
export function periodContaining(kind: ReportingPackKind, at: Date | string, timeZone = PACK_TIME_ZONE): PackPeriod {
  return periodStartingAt(kind, startOfPeriodContaining(kind, ukTime(at, timeZone)));
}

/** The last complete period of this kind before `at`: on 1 December (any hour), November; on 1 April, Q1. */
export function previousCompletePeriod(
  kind: ReportingPackKind,
  at: Date | string,
  timeZone = PACK_TIME_ZONE,
): PackPeriod {
  const current = startOfPeriodContaining(kind, ukTime(at, timeZone));
  return periodStartingAt(kind, current.minus({ months: MONTHS_IN[kind] }));
}

/** The period of this kind whose first day is `from` (YYYY-MM-DD), or undefined if no period starts then. */
export function periodStartingOn(
  kind: ReportingPackKind,
  from: string,
  timeZone = PACK_TIME_ZONE,
): PackPeriod | undefined {
  const start = DateTime.fromISO(from, { zone: timeZone });
  if (!start.isValid || !startOfPeriodContaining(kind, start).equals(start.startOf('day'))) return undefined;
  if (start.toISODate() !== from) return undefined;
  return periodStartingAt(kind, start.startOf('day'));
}
