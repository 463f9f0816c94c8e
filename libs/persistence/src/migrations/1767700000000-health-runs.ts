import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the health service needs besides `health_issues`: the check that owns an issue, a row per check run, read indexes. */
export class HealthRuns1767700000000 implements MigrationInterface {
  name = 'HealthRuns1767700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A run resolves only the open issues of its own check (docs/health.md, "Issue lifecycle").
    await queryRunner.query(`ALTER TABLE health_issues ADD COLUMN IF NOT EXISTS check_name varchar(50)`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS health_issues_open_check_idx ON health_issues (check_name) WHERE resolved_at IS NULL`,
    );
    // One row per check: its upsert serializes the runs of a check and tells a replayed older tick from the latest.
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS health_check_runs (
        check_name varchar(50) PRIMARY KEY,
        last_scheduled_at timestamp NOT NULL,
        last_run_at timestamptz NOT NULL
      )`);
    // workspace.action_failed lookups and the status page timeline read the shared outbox by subject and time.
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_events_subject_id_idx ON outbox_events (subject, id)`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_events_occurred_at_idx ON outbox_events ((payload->>'occurredAt'))`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS email_logs_sent_at_idx ON email_logs (sent_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS email_logs_sent_at_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_events_occurred_at_idx`);
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_events_subject_id_idx`);
    await queryRunner.query(`DROP TABLE IF EXISTS health_check_runs`);
    await queryRunner.query(`DROP INDEX IF EXISTS health_issues_open_check_idx`);
    await queryRunner.query(`ALTER TABLE health_issues DROP COLUMN IF EXISTS check_name`);
  }
}
