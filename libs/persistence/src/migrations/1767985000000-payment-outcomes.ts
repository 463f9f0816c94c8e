import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, points 3 and 5 (docs/dunning.md). The platform's `payments.status` knows only pending, success,
 * failed and refunded, so an attempt whose outcome is still unknown stays `pending` there; billing keeps its
 * status inquiries (when the next one is due, since when the outcome is unknown) in its own table, and the
 * chain head's `dunning_state` becomes `unknown`, which blocks further charges like an active chain does.
 * `charged_at` is the business time of the charge (the tick's), which the outcome timeout is measured from.
 * `paytr_forwards` records the PayTR notifications billing could not pass on to the platform.
 */
export class PaymentOutcomes1767985000000 implements MigrationInterface {
  name = 'PaymentOutcomes1767985000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS payment_outcome_inquiries (
        payment_id integer PRIMARY KEY REFERENCES payments(id) ON DELETE CASCADE,
        asked integer NOT NULL DEFAULT 0,
        charged_at timestamp NOT NULL,
        next_at timestamp NOT NULL,
        last_answer varchar(500),
        unknown_since timestamp,
        updated_at timestamp NOT NULL
      )`);
    // Added beside payments_one_active_dunning_chain_uq, which stays (migrations only add): an `unknown` chain is open too.
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS payments_one_open_dunning_chain_uq ON payments (subscription_id) WHERE dunning_state IN ('active', 'unknown')`,
    );
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS paytr_forwards (
        merchant_oid varchar(100) PRIMARY KEY,
        status varchar(20) NOT NULL,
        attempts integer NOT NULL DEFAULT 1,
        last_error varchar(500),
        first_at timestamp NOT NULL,
        last_at timestamp NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS paytr_forwards_failing_idx ON paytr_forwards (last_at) WHERE status = 'failing'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS paytr_forwards`);
    await queryRunner.query(`DROP INDEX IF EXISTS payments_one_open_dunning_chain_uq`);
    await queryRunner.query(`DROP TABLE IF EXISTS payment_outcome_inquiries`);
  }
}
