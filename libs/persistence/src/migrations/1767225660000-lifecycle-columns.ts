import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns and indexes this project adds to platform tables (ARCHITECTURE.md, "Own tables"). */
export class LifecycleColumns1767225660000 implements MigrationInterface {
  name = 'LifecycleColumns1767225660000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE payments
        ADD COLUMN IF NOT EXISTS retry_count integer NOT NULL DEFAULT 0,
        ADD COLUMN IF NOT EXISTS next_retry_at timestamp,
        ADD COLUMN IF NOT EXISTS retry_of_payment_id integer REFERENCES payments (id)`);
    await queryRunner.query(`
      ALTER TABLE email_logs
        ADD COLUMN IF NOT EXISTS dedup_key varchar(255),
        ADD COLUMN IF NOT EXISTS error text`);
    await queryRunner.query(`CREATE UNIQUE INDEX IF NOT EXISTS email_logs_dedup_key_uq ON email_logs (dedup_key)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS subscriptions_status_trial_ends_at_idx ON subscriptions (status, trial_ends_at)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS subscriptions_status_current_period_end_idx ON subscriptions (status, current_period_end)`,
    );
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS payments_status_next_retry_at_idx ON payments (status, next_retry_at)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS payments_retry_of_payment_id_idx ON payments (retry_of_payment_id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS users_company_role_active_idx ON users (company_id, role, is_active, id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS workspaces_company_id_idx ON workspaces (company_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS workspaces_company_id_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS users_company_role_active_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_retry_of_payment_id_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_status_next_retry_at_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS subscriptions_status_current_period_end_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS subscriptions_status_trial_ends_at_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS email_logs_dedup_key_uq`);
    await queryRunner.query(`ALTER TABLE email_logs DROP COLUMN IF EXISTS error, DROP COLUMN IF EXISTS dedup_key`);
    await queryRunner.query(
      `ALTER TABLE payments DROP COLUMN IF EXISTS retry_of_payment_id, DROP COLUMN IF EXISTS next_retry_at, DROP COLUMN IF EXISTS retry_count`,
    );
  }
}
