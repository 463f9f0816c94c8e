import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Dunning (docs/dunning.md): the chain state of a failed payment, gapless invoice numbers, and the indexes the sweeps read. */
export class Dunning1767610000000 implements MigrationInterface {
  name = 'Dunning1767610000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // On the chain head (the platform's failed payment): active, manual, exhausted, hard_declined, resolved, closed, ignored.
    await queryRunner.query(`ALTER TABLE payments ADD COLUMN IF NOT EXISTS dunning_state varchar(20)`);
    // At most one chain retries a subscription at a time.
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS payments_one_active_dunning_chain_uq ON payments (subscription_id) WHERE dunning_state = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS payments_dunning_undetected_idx ON payments (id)
       WHERE status = 'failed' AND retry_of_payment_id IS NULL AND dunning_state IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS payments_dunning_due_idx ON payments (next_retry_at, id) WHERE dunning_state = 'active'`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS payments_pending_attempts_idx ON payments (id) WHERE status = 'pending' AND retry_of_payment_id IS NOT NULL`,
    );
    // A row per year, incremented in the transaction that issues the invoice: a rollback takes its number back.
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS invoice_counters (
        year integer PRIMARY KEY,
        last_number integer NOT NULL CHECK (last_number >= 0)
      )`);
    // Reactivation: the latest expiry, suspension or reactivation audit row of each subscription.
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS audit_logs_subscription_status_idx ON audit_logs (resource_id, id)
       WHERE resource_type = 'subscription' AND action_type IN ('subscription_expired', 'subscription_suspended', 'subscription_reactivated')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS audit_logs_subscription_status_idx`);
    await queryRunner.query(`DROP TABLE IF EXISTS invoice_counters`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_pending_attempts_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_dunning_due_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_dunning_undetected_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_one_active_dunning_chain_uq`);
    await queryRunner.query(`ALTER TABLE payments DROP COLUMN IF EXISTS dunning_state`);
  }
}
