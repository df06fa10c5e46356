/** The figures keyed by category: by… breakdowns, referrals and actions by kind, first-contact bands. */
const BREAKDOWN = /^by[A-Z]|ByBasis$|^(referrals|actions|bands)$/;

export type FigureLine = (section: string, item: string, measure: string, value: string | number | null) => void;

/**
 * Figures nested in objects as CSV lines in long form (section, item, measure, value), for the
 * compliance report's and the packs' CSV alike: a subsection extends the section
 * (cases.volumes); a breakdown gives one line per category, named by the breakdown (byChannel,
 * phone, 3); a group of figures about one thing names the thing as the item (initialContact, met,
 * 4); a figure alone is item `all`. Anything that is not a count or a string is an empty value.
 */
export function figureLines(section: string, node: object, line: FigureLine): void {
  const valueOf = (value: unknown) => (typeof value === 'number' || typeof value === 'string' ? value : null);
  for (const [key, value] of Object.entries(node)) {
    if (value === null || typeof value !== 'object') {
      line(section, 'all', key, valueOf(value));
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.some(([, child]) => child !== null && typeof child === 'object'))
      figureLines(`${section}.${key}`, value, line);
    else if (BREAKDOWN.test(key)) for (const [item, child] of entries) line(section, item, key, valueOf(child));
    else for (const [measure, child] of entries) line(section, key, measure, valueOf(child));
  }
}
