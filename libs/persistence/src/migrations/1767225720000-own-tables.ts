import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables this project owns: outbox, consumer ledger, clock slots, health issues. */
export class OwnTables1767225720000 implements MigrationInterface {
  name = 'OwnTables1767225720000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS outbox_events (
        id bigserial PRIMARY KEY,
        event_id varchar(512) NOT NULL UNIQUE,
        subject varchar(255) NOT NULL,
        aggregate varchar(255) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_events_unsent_idx ON outbox_events (id) WHERE sent_at IS NULL`);
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS outbox_events_unsent_aggregate_idx ON outbox_events (aggregate, id) WHERE sent_at IS NULL`,
    );
    // data-retention prunes sent events by age
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS outbox_events_sent_at_idx ON outbox_events (sent_at) WHERE sent_at IS NOT NULL`);
    // One NOTIFY per inserting statement (not per row) wakes the relays; the payload is empty because
    // relays re-read the table anyway.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_events', '');
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events`);
    await queryRunner.query(
      `CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify()`,
    );

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS processed_messages (
        consumer varchar(255) NOT NULL,
        event_id varchar(512) NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await queryRunner.query(`CREATE INDEX IF NOT EXISTS processed_messages_processed_at_idx ON processed_messages (processed_at)`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS clock_slots (
        schedule varchar(100) NOT NULL,
        slot timestamp NOT NULL,
        "trigger" varchar(20) NOT NULL,
        tick_id varchar(512) NOT NULL UNIQUE,
        claimed_by varchar(255),
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (schedule, slot)
      )`);

    await queryRunner.query(`
      CREATE TABLE IF NOT EXISTS health_issues (
        id bigserial PRIMARY KEY,
        code varchar(100) NOT NULL,
        resource varchar(255) NOT NULL,
        severity varchar(20) NOT NULL,
        message text NOT NULL,
        first_seen_at timestamp NOT NULL,
        last_seen_at timestamp NOT NULL,
        resolved_at timestamp
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX IF NOT EXISTS health_issues_open_uq ON health_issues (code, resource) WHERE resolved_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE IF EXISTS health_issues`);
    await queryRunner.query(`DROP TABLE IF EXISTS clock_slots`);
    await queryRunner.query(`DROP TABLE IF EXISTS processed_messages`);
    await queryRunner.query(`DROP TABLE IF EXISTS outbox_events`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS outbox_events_notify()`);
  }
}
