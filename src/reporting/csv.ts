import { csvField, snake } from '../audit/csv';
import { figureLines } from './figure-lines';
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

/**
 * The pack as CSV in long form (as the compliance report's CSV), one figure per line: section
 * (e.g. cases.volumes, compliance.kent-housing.timescales), item (the category, or `all`), measure
 * and value. A suppressed count is "<5"; an empty value is a figure not shown (a median of too few cases).
 */
export function packToCsv(pack: ReportingPack): string {
  const lines: (string | number | null)[][] = [[...PACK_CSV_COLUMNS]];
  const { period } = pack;
  const line = (section: string, item: string, measure: string, value: string | number | null) =>
    lines.push([
      pack.organisationId,
      pack.kind,
      period.label,
      period.from,
      period.to,
      section,
      item,
      snake(measure),
      value,
    ]);
  figureLines('cases', pack.cases, line);
  for (const { policyProfile, ...group } of pack.compliance) figureLines(`compliance.${policyProfile}`, group, line);
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
