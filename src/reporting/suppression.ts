/**
 * Small-count suppression for reporting packs: a pack leaves the organisation (to an executive
 * team, a committee, a board), and a count of one or two cases in a small area or rare category
 * can point to a survivor. With threshold T, a count from 1 to T - 1 is shown as "<T"; 0 is shown
 * (it identifies nobody). Within a breakdown whose total is shown, one hidden cell could be worked
 * out as the total less the others, so a second cell (the smallest shown) is hidden with it.
 * Pure functions: the pack is suppressed before it is stored, so raw small counts never leave the
 * database that the workflows write.
 */

export type ShownCount = number | `<${number}`;

export const suppressedLabel = (threshold: number): ShownCount => `<${threshold}` as ShownCount;

export const isSmall = (count: number, threshold: number): boolean => count > 0 && count < threshold;

/** One count as a pack shows it. */
export function suppressCount(count: number, threshold: number): ShownCount {
  if (!Number.isInteger(count) || count < 0) throw new Error(`a count must be a whole number, not ${count}`);
  if (!Number.isInteger(threshold) || threshold < 2)
    throw new Error(`the threshold must be 2 or more, not ${threshold}`);
  return isSmall(count, threshold) ? suppressedLabel(threshold) : count;
}

/**
 * A breakdown (counts by category that add up to a shown total): each small count hidden, and if
 * exactly one is hidden while the total is shown, the smallest other non-zero count as well, so
 * that no hidden count is the total less the shown ones.
 */
export function suppressBreakdown<Key extends string>(
  counts: Readonly<Record<Key, number>>,
  threshold: number,
): Record<Key, ShownCount> {
  const entries = Object.entries(counts) as [Key, number][];
  const shown = Object.fromEntries(entries.map(([key, count]) => [key, suppressCount(count, threshold)])) as Record<
    Key,
    ShownCount
  >;
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  const hidden = entries.filter(([key]) => typeof shown[key] === 'string');
  if (hidden.length === 1 && !isSmall(total, threshold)) {
    const next = entries
      .filter(([key, count]) => typeof shown[key] === 'number' && count > 0)
      .sort(([keyA, a], [keyB, b]) => a - b || keyA.localeCompare(keyB))[0];
    if (next) shown[next[0]] = suppressedLabel(threshold);
  }
  return shown;
}

/** A statistic of a few cases (a median) is itself identifying: shown only when `cases` is not small and not none. */
export function suppressStatistic(value: number | null, cases: number, threshold: number): number | null {
  return value === null || cases < threshold ? null : value;
}
