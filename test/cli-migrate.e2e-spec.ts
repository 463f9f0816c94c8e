import { Client } from 'pg';
import { randomId, testInfra, withDatabase } from '@lifecycle/testing';
import { lifecyclectl } from './cli';

describe('lifecyclectl migrate', () => {
  const name = `lc_t_${testInfra().runId}_${randomId(8)}`;
  const url = withDatabase(testInfra().databaseUrl, name);

  afterAll(async () => {
    const admin = new Client({ connectionString: withDatabase(testInfra().databaseUrl, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it('creates the database when missing, migrates it, and is a no-op the second time', async () => {
    const first = await lifecyclectl(['migrate'], { DATABASE_URL: url });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain(`created database ${name}`);
    expect(first.stdout).toMatch(/applied OwnTables/);

    const db = new Client({ connectionString: url });
    await db.connect();
    const { rows } = await db.query(`SELECT to_regclass('public.outbox_events') AS outbox, to_regclass('public.subscriptions') AS subs`);
    await db.end();
    expect(rows[0]).toEqual({ outbox: 'outbox_events', subs: 'subscriptions' });

    const second = await lifecyclectl(['migrate'], { DATABASE_URL: url });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(`database ${name}: schema is up to date\n`);
  });

  it('names DATABASE_URL when it is not a URL', async () => {
    const result = await lifecyclectl(['migrate'], { DATABASE_URL: 'not-a-url' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
  });

  it('says what is wrong when the server does not answer', async () => {
    const result = await lifecyclectl(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/lifecyclectl: .*(ECONNREFUSED|connect)/);
  });
});
