import { Client } from 'pg';
import { createTestDatabase, randomId, testInfra, withDatabase, type TestDatabase } from '@lifecycle/testing';
import { applyServiceGrants, SERVICE_TABLE_PRIVILEGES } from '../src';

/** The services' database role: their rows, no DDL, no other table (ARCHITECTURE.md, trust). */
describe('the services database role', () => {
  const role = `lc_t_${testInfra().runId}_svc${randomId(4)}`.toLowerCase();
  const PASSWORD = randomId(16);
  let db: TestDatabase;
  let owner: Client;
  let service: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    owner = new Client({ connectionString: db.url });
    await owner.connect();
    // A password: the testcontainers server asks for one (SCRAM); the local one trusts.
    await owner.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${PASSWORD}'`);
    // A table of the platform's that the services never need: no grant reaches it.
    await owner.query('CREATE TABLE platform_secrets (id serial PRIMARY KEY, value text)');
    await owner.query(`GRANT SELECT ON platform_secrets TO "${role}"`);
    await applyServiceGrants(db.url, role);
    const url = new URL(db.url);
    url.username = role;
    url.password = PASSWORD;
    service = new Client({ connectionString: url.toString() });
    await service.connect();
  });

  afterAll(async () => {
    await service?.end();
    await owner?.end();
    await db.drop();
    const admin = new Client({ connectionString: withDatabase(testInfra().databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP ROLE IF EXISTS "${role}"`);
    await admin.end();
  });

  const denied = (sql: string) => expect(service.query(sql)).rejects.toThrow(/permission denied|must be owner/);

  it('classifies every table the migrations create', async () => {
    const { rows } = await owner.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'platform_secrets' ORDER BY 1",
    );
    expect(rows.map((r) => r.name).filter((t) => !(t in SERVICE_TABLE_PRIVILEGES))).toEqual([]);
  });

  it('reads and writes the rows the services need', async () => {
    // A bigserial id: the sequence behind it is granted too.
    const inserted = await service.query("INSERT INTO outbox_events (event_id, subject, aggregate, payload) VALUES ('grant-test', 'x', 'k', '{}') RETURNING id");
    expect(inserted.rowCount).toBe(1);
    await service.query('SELECT count(*) FROM companies');
    await service.query('UPDATE subscriptions SET status = status WHERE false');
    await service.query('DELETE FROM email_logs WHERE false');
  });

  it('has no DDL, no ownership and nothing beyond its grants', async () => {
    await denied('CREATE TABLE intruder (id int)');
    await denied('DROP TABLE outbox_events');
    await denied('ALTER TABLE companies ADD COLUMN intruder int');
    await denied('TRUNCATE outbox_events');
    await denied('SELECT * FROM platform_secrets');
    await denied("INSERT INTO companies (name) VALUES ('intruder')");
    await denied('DELETE FROM payments WHERE false');
    await denied('UPDATE invoices SET id = id WHERE false');
    await denied('DELETE FROM users WHERE false');
  });

  it('grants again after a migration without widening anything', async () => {
    await owner.query(`GRANT DELETE ON companies TO "${role}"`);
    await applyServiceGrants(db.url, role);
    await denied('DELETE FROM companies WHERE false');
  });
});
