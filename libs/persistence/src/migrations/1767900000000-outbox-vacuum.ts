import type { MigrationInterface, QueryRunner } from 'typeorm';

const SETTINGS = [
  'autovacuum_vacuum_scale_factor',
  'autovacuum_vacuum_threshold',
  'autovacuum_analyze_scale_factor',
  'autovacuum_analyze_threshold',
] as const;

/**
 * outbox_events is a queue: every event is inserted, then updated once when sent, so each relay batch
 * leaves dead index entries in front of the unsent ones, and the claim's statistics go stale within a
 * burst. PostgreSQL's defaults wait for 20 % of the table to be dead (200,000 rows on a table of a
 * million) before vacuuming or analysing it; these make autovacuum do both every 5,000 changed rows.
 */
export class OutboxVacuum1767900000000 implements MigrationInterface {
  name = 'OutboxVacuum1767900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE outbox_events SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                      autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE outbox_events RESET (${SETTINGS.join(', ')})`);
  }
}
