import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Billing's sweeps page by (end, id) and shards restrict them by id range (docs/billing.md, "Sharded
 * sweeps"): with the id in the index, a page reads only its own rows in index order and a shard's bounds
 * are checked without visiting the heap. Supersets of (status, trial_ends_at) and (status,
 * current_period_end), which stay for now (other readers' plans).
 */
export class BillingSweepKeyset1767960000000 implements MigrationInterface {
  name = 'BillingSweepKeyset1767960000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS subscriptions_status_trial_ends_at_id_idx ON subscriptions (status, trial_ends_at, id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS subscriptions_status_current_period_end_id_idx ON subscriptions (status, current_period_end, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS subscriptions_status_current_period_end_id_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS subscriptions_status_trial_ends_at_id_idx`);
  }
}
