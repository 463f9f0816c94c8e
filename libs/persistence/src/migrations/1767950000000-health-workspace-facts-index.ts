import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * workspace-health's `workspace.action_failed` check looks, per failure, for a later stop or start of
 * the same workspace in outbox_events (libs/health/src/workspace-facts.repository.ts). Without this
 * index each failure scanned every stop and start in the outbox: 2,000 failures against 100,000 stops
 * took 157 s; with it, one index probe each (docs/health.md, "Bounded queries"). Partial: only the
 * workspace.stopped and workspace.started rows are indexed, so other outbox writes do not pay for it.
 * Not CONCURRENTLY, for the reason given in 1767800000000-retention-indexes.ts.
 */
export class HealthWorkspaceFactsIndex1767950000000 implements MigrationInterface {
  name = 'HealthWorkspaceFactsIndex1767950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS outbox_events_workspace_done_idx ON outbox_events ((payload->'data'->>'workspaceId'), id)
       WHERE subject IN ('workspace.stopped', 'workspace.started')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS outbox_events_workspace_done_idx`);
  }
}
