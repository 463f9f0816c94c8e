import { Counter, type Registry } from 'prom-client';
import { RETENTION_TABLES, type RetentionMetrics, type RetentionTable } from './data-retention.ports';

export const NO_RETENTION_METRICS: RetentionMetrics = { deleted: () => undefined };

/** `lifecycle_retention_deleted_rows_total{table}`. */
export class PromRetentionMetrics implements RetentionMetrics {
  private readonly rows: Counter<'table'>;

  constructor(registry: Registry) {
    this.rows = new Counter({
      name: 'lifecycle_retention_deleted_rows_total',
      help: 'Rows deleted by data-retention, by table',
      labelNames: ['table'],
      registers: [registry],
    });
    for (const table of RETENTION_TABLES) this.rows.inc({ table }, 0);
  }

  deleted(table: RetentionTable, rows: number): void {
    this.rows.inc({ table }, rows);
  }
}
