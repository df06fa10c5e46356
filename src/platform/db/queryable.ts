import type { QueryResult, QueryResultRow } from 'pg';

/** Anything that runs a query: a Pool, or a PoolClient inside the caller's own transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
