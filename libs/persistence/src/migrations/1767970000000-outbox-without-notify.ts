import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the outbox's NOTIFY trigger. PostgreSQL serializes the commits of every transaction that
 * called NOTIFY (one server-wide lock from pre-commit until after the commit, so that notifications
 * queue in commit order): every transaction writing an outbox event committed one at a time, each with
 * its WAL flush (docs/performance.md). The relays poll instead, claiming after their last claimed id.
 */
export class OutboxWithoutNotify1767970000000 implements MigrationInterface {
  name = 'OutboxWithoutNotify1767970000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_events_notify()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify()`,
    );
  }
}
