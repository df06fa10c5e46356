/** Nearest-rank percentile of samples (p in 0..100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

/** Product over bare per round, then the median and the range of those ratios: noise shows as a wide range. */
export function roundRatios(product: readonly number[], bare: readonly number[]): number[] {
  return product.map((value, round) => value / bare[round]!);
}

const digits = (value: number): string =>
  !Number.isFinite(value)
    ? 'n/a'
    : Number.isInteger(value)
      ? String(value)
      : Math.abs(value) >= 100
        ? value.toFixed(0)
        : Math.abs(value) >= 10
          ? value.toFixed(1)
          : value.toFixed(2);

export const fmt = (value: number, unit = ''): string => `${digits(value)}${unit ? ` ${unit}` : ''}`;

/** "p50 12.3 ms, p99 45.6 ms (min 10.1, max 50.2; n=120)"; no p99 under 100 samples, where it would be the max. */
export function latencySummary(samples: readonly number[]): string {
  const p99 = samples.length >= 100 ? `, p99 ${fmt(percentile(samples, 99), 'ms')}` : '';
  return `p50 ${fmt(percentile(samples, 50), 'ms')}${p99} (min ${fmt(Math.min(...samples))}, max ${fmt(
    Math.max(...samples),
  )}; n=${samples.length})`;
}

/** "12.3 (min 10.1, max 14.0)" over rounds */
export function spreadSummary(values: readonly number[], unit = ''): string {
  if (values.length === 1) return fmt(values[0]!, unit);
  return `${fmt(median(values), unit)} (min ${fmt(Math.min(...values))}, max ${fmt(Math.max(...values))})`;
}

/** "2.05× (rounds 1.90–2.20)" */
export function ratioSummary(ratios: readonly number[]): string {
  if (ratios.length === 0) return 'n/a';
  const main = `${digits(median(ratios))}×`;
  if (ratios.length === 1) return main;
  return `${main} (rounds ${digits(Math.min(...ratios))}–${digits(Math.max(...ratios))})`;
}

export interface Row {
  figure: string;
  product: string;
  bare: string;
  ratio: string;
}

/** A Markdown table, so the printed output pastes into the README as it is. */
export function renderTable(rows: readonly Row[]): string {
  const header: Row = { figure: 'figure', product: 'product', bare: 'bare Temporal', ratio: 'product / bare' };
  const all = [header, ...rows];
  const keys = ['figure', 'product', 'bare', 'ratio'] as const;
  const widths = keys.map((key) => Math.max(...all.map((row) => row[key].length)));
  const line = (row: Row) => `| ${keys.map((key, i) => row[key].padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}
