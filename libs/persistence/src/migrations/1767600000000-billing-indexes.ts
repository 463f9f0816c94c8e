import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The renewal sweep reads each due subscription's latest successful payment (amount and currency for the mail). */
export class BillingIndexes1767600000000 implements MigrationInterface {
  name = 'BillingIndexes1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS payments_subscription_id_status_idx ON payments (subscription_id, status)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS payments_subscription_id_status_idx`);
  }
}
