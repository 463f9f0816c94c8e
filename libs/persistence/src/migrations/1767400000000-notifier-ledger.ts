import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * email_logs as the notifier's ledger (docs/notifier.md): `last_attempt_at` is when the latest send of a
 * `pending` row began (real time, for the Mailjet lookup grace; NULL when no attempt can be in flight);
 * Mailjet's delivery reports find rows by `mailjet_message_id`; operators and health look for stuck `pending` rows.
 */
export class NotifierLedger1767400000000 implements MigrationInterface {
  name = 'NotifierLedger1767400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_logs ADD COLUMN IF NOT EXISTS last_attempt_at timestamptz`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS email_logs_mailjet_message_id_idx ON email_logs (mailjet_message_id)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS email_logs_pending_idx ON email_logs (last_attempt_at) WHERE delivery_status = 'pending'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS email_logs_pending_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS email_logs_mailjet_message_id_idx`);
    await queryRunner.query(`ALTER TABLE email_logs DROP COLUMN IF EXISTS last_attempt_at`);
  }
}
