import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * data-retention deletes audit_logs by "timestamp" (the other tables it prunes are indexed already).
 * Not CONCURRENTLY: that waits for every open snapshot, including the migrations queued on the advisory
 * lock, and would deadlock them. On a very large platform audit_logs, build it by hand first with
 * `CREATE INDEX CONCURRENTLY audit_logs_timestamp_idx ON audit_logs ("timestamp")`; this then skips it.
 */
export class RetentionIndexes1767800000000 implements MigrationInterface {
  name = 'RetentionIndexes1767800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS audit_logs_timestamp_idx ON audit_logs ("timestamp")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS audit_logs_timestamp_idx`);
  }
}
