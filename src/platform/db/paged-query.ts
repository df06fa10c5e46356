import type { Pool, QueryResultRow } from 'pg';

export interface PageRequest {
  limit: number;
  offset: number;
}

export interface Page<T> extends PageRequest {
  items: T[];
  /** how many match in all, for the caller's pagination */
  total: number;
}

/** Positional parameters for a query assembled from parts: `add(value)` returns its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * One page of rows and the total count. `from`, `where` and `orderBy` are SQL written in code,
 * never request text: every value a request supplies goes through `params`.
 */
export async function selectPage<Row extends QueryResultRow, T>(
  pool: Pool,
  /** `countFrom`: a cheaper source with the same rows for the count (e.g. without the page's joins) */
  query: { from: string; countFrom?: string; where: string; params: SqlParams; orderBy: string },
  page: PageRequest,
  toItem: (row: Row) => T,
): Promise<Page<T>> {
  const { values } = query.params;
  const [rows, count] = await Promise.all([
    pool.query<Row>(
      `SELECT * FROM ${query.from} WHERE ${query.where} ORDER BY ${query.orderBy} LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
      [...values, page.limit, page.offset],
    ),
    pool.query<{ total: number }>(
      `SELECT count(*)::int AS total FROM ${query.countFrom ?? query.from} WHERE ${query.where}`,
      values,
    ),
  ]);
  return { items: rows.rows.map(toItem), total: count.rows[0]!.total, ...page };
}
