import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * workspace-guard's own tables: the per-company decision that orders suspend and restore events, and
 * which workspaces the guard suspended and whether they ran (docs/workspace-guard.md).
 */
export class WorkspaceGuardTables1767500000000 implements MigrationInterface {
  name = 'WorkspaceGuardTables1767500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS workspace_guard_state (
        company_id integer PRIMARY KEY REFERENCES companies (id) ON DELETE CASCADE,
        desired varchar(20) NOT NULL CHECK (desired IN ('running', 'suspended')),
        decided_at timestamptz NOT NULL,
        decided_by_event_id varchar(512) NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS workspace_suspensions (
        workspace_id integer PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
        company_id integer NOT NULL,
        was_running boolean NOT NULL,
        suspended_at timestamp NOT NULL,
        suspended_by_event_id varchar(512) NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS workspace_suspensions_company_idx ON workspace_suspensions (company_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS workspace_suspensions`);
    await queryRunner.query(`DROP TABLE IF EXISTS workspace_guard_state`);
  }
}
