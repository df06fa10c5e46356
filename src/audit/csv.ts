import { DEADLINE_TASKS } from '../deadlines/tasks';
import type { ComplianceReport } from './report';
import { figureLines } from '../reporting/figure-lines';

export const CSV_COLUMNS = [
  'period_from',
  'period_to',
  'organisation_id',
  'policy_profile',
  'section',
  'item',
  'measure',
  'value',
] as const;

/** RFC 4180 quoting; text that a spreadsheet would run as a formula is defused with a leading quote. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const snake = (name: string): string => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The report as CSV in long form, one measure per line (period, organisation, profile, section,
 * item, measure, value), easy to filter or pivot in a spreadsheet. Rates are fractions (0.75);
 * an empty value means no rate (nothing to divide by). Lines end with CRLF.
 */
export function toCsv(report: ComplianceReport): string {
  const lines: (string | number | null)[][] = [[...CSV_COLUMNS]];
  const { from, to } = report.period;
  for (const group of report.groups) {
    const line = (section: string, item: string, measure: string, value: number | null) =>
      lines.push([from, to, group.organisationId, group.policyProfile, section, item, measure, value]);
    for (const task of DEADLINE_TASKS) {
      const timescale = group.timescales[task];
      for (const [measure, value] of Object.entries(timescale))
        line('timescale', task, snake(measure), value as number | null);
    }
    for (const [rung, count] of Object.entries(group.escalations.byRung)) line('escalations', rung, 'count', count);
    line('escalations', 'all', 'count', group.escalations.total);
    for (const [measure, value] of Object.entries(group.marac)) line('marac', 'all', snake(measure), value);
    for (const [measure, value] of Object.entries(group.repairs)) line('repairs', 'all', snake(measure), value);
    for (const [measure, value] of Object.entries(group.rehousing)) line('rehousing', 'all', snake(measure), value);
    line('releases', 'consent', 'count', group.releases.withConsent);
    for (const [basis, count] of Object.entries(group.releases.withoutConsentByBasis))
      line('releases_without_consent', basis, 'count', count);
    line('releases_without_consent', 'all', 'count', group.releases.withoutConsent);
  }
  // The case figures cover every profile an organisation's cases ran under: policy_profile `all`.
  for (const { organisationId, ...figures } of report.cases)
    figureLines('cases', figures, (section, item, measure, value) =>
      lines.push([from, to, organisationId, 'all', section, item, snake(measure), value]),
    );
  return lines.map((fields) => fields.map(csvField).join(',')).join('\r\n') + '\r\n';
}
