import type { EntityManager } from 'typeorm';
import type { Capped, SubscriptionRef } from './health-facts';

/** What the fact repositories need of TypeORM: a DataSource's or a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

/** How much of one problem a run reads: at most `limit` rows, and a count that stops after `cap`. */
export interface FactBounds {
  limit: number;
  cap: number;
}

/**
 * One problem's query in parts. A match is `SELECT <select> <from>` (`from`: FROM, joins and WHERE;
 * `ctes` are common table expressions it uses, without WITH); `key` is the unique output column the
 * rows are ordered by; `label` joins (as `m`) what only names the rows, such as the company.
 */
export interface BoundedQuery {
  ctes?: string;
  select: string;
  from: string;
  key: string;
  label?: { columns: string; joins: string };
}

/**
 * The matches are computed once, as a MATERIALIZED common table expression: PostgreSQL plans it for
 * all its rows (hash or merge joins, one pass over the tables), not for the first `limit` rows (an
 * index walk with one probe per row, which with stale statistics and no matches probes every row).
 * From it: the first `limit` rows by `key` (a top-N sort), labelled, and a count that stops after
 * `cap + 1` rows. No count over every match, no window function. Parameters: `$1…$n` the query's,
 * `$n+1` the limit, `$n+2` the cap plus one.
 */
export function boundedSql(q: BoundedQuery, paramCount: number): string {
  const limit = `$${paramCount + 1}`;
  const capPlusOne = `$${paramCount + 2}`;
  return `WITH ${q.ctes ? `${q.ctes},` : ''} matched AS MATERIALIZED (SELECT ${q.select} ${q.from})
    SELECT m.*${q.label ? `, ${q.label.columns}` : ''},
           (SELECT count(*)::int FROM (SELECT 1 FROM matched LIMIT ${capPlusOne}) first_matches) AS total
    FROM (SELECT * FROM matched ORDER BY ${q.key} LIMIT ${limit}) m ${q.label?.joins ?? ''}
    ORDER BY m.${q.key}`;
}

interface Totalled {
  total: number;
}

/**
 * The first `limit` matches by key (the oldest ids first, the same ones from run to run) and how many
 * matched: exact up to `cap`, `cap + 1` for "more than cap" (docs/health.md, "Bounded queries").
 */
export async function readBounded<R, T>(
  db: Queryable,
  q: BoundedQuery,
  params: readonly unknown[],
  bounds: FactBounds,
  map: (row: R) => T,
): Promise<Capped<T>> {
  const rows: (R & Totalled)[] = await db.query(boundedSql(q, params.length), [...params, bounds.limit, bounds.cap + 1]);
  return { rows: rows.map(map), total: rows[0]?.total ?? 0 };
}

export interface SubscriptionRow {
  subscription_id: number;
  company_id: number;
  company_name: string | null;
  status: string;
}

export const subscriptionRef = (r: SubscriptionRow): SubscriptionRef => ({
  subscriptionId: r.subscription_id,
  companyId: r.company_id,
  companyName: r.company_name,
  status: r.status,
});
