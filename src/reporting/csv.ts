import { csvField } from '../audit/csv';
import type { ReportingPack } from './pack';

export const PACK_CSV_COLUMNS = [
  'organisation_id',
  'pack_kind',
  'period',
  'period_from',
  'period_to',
  'section',
  'item',
  'measure',
  'value',
] as const;

/** The figures keyed by category: by… breakdowns, referrals and actions by kind, first-contact bands. */
const BREAKDOWN = /^by[A-Z]|ByBasis$|^(referrals|actions|bands)$/;

const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The pack as CSV in long form (as the compliance report's CSV), one figure per line: section
 * (e.g. cases.volumes, compliance.kent-housing.timescales), item (the category, or `all`), measure
 * and value. A suppressed count is "<5"; an empty value is a figure not shown (a median of too few cases).
 */
export function packToCsv(pack: ReportingPack): string {
  const lines: (string | number | null)[][] = [[...PACK_CSV_COLUMNS]];
  const { period } = pack;
  const line = (section: string, item: string, measure: string, value: unknown) =>
    lines.push([
      pack.organisationId,
      pack.kind,
      period.label,
      period.from,
      period.to,
      section,
      item,
      snake(measure),
      typeof value === 'number' || typeof value === 'string' ? value : null,
    ]);
  const walk = (section: string, node: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(node)) {
      if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.some(([, child]) => child !== null && typeof child === 'object'))
          walk(`${section}.${key}`, value as Record<string, unknown>);
        // A breakdown: one line per category, the breakdown's name its measure (byChannel, phone, 3).
        else if (BREAKDOWN.test(key)) for (const [item, child] of entries) line(section, item, key, child);
        // A group of figures about one thing: the thing is the item (timescales, initialContact, met, 4).
        else for (const [measure, child] of entries) line(section, key, measure, child);
      } else {
        line(section, 'all', key, value);
      }
    }
  };
  walk('cases', pack.cases as unknown as Record<string, unknown>);
  for (const { policyProfile, ...group } of pack.compliance) walk(`compliance.${policyProfile}`, group);
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
