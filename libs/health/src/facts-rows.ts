import type { EntityManager } from 'typeorm';
import type { Capped, SubscriptionRef } from './health-facts';

// Rows as the fact queries return them. `count(*) OVER ()` is taken before LIMIT: `total` counts every
// match while at most `limit` rows (the oldest ids first, the same ones from run to run) come back.

/** What the fact repositories need of TypeORM: a DataSource's or a transaction's manager. */
export type Queryable = Pick<EntityManager, 'query'>;

export interface Totalled {
  total: number;
}

export function capped<R extends Totalled, T>(rows: R[], map: (row: R) => T): Capped<T> {
  return { rows: rows.map(map), total: rows[0]?.total ?? 0 };
}

export interface SubscriptionRow extends Totalled {
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

