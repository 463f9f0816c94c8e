import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * email_logs.unknown_outcomes: how many send attempts of the mail ended without knowing whether Mailjet
 * took it (a timeout, a reset, a 5xx). email-health reports the mails of the hour that had one
 * (`email.unknown_outcomes`, docs/health.md). A nullable-free column with a constant default: no rewrite.
 */
export class EmailUnknownOutcomes1767980190000 implements MigrationInterface {
  name = 'EmailUnknownOutcomes1767980190000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_logs ADD COLUMN IF NOT EXISTS unknown_outcomes smallint NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE email_logs DROP COLUMN IF EXISTS unknown_outcomes`);
  }
}
