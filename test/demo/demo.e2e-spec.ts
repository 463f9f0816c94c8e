import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, randomId, testInfra, withDatabase } from '@lifecycle/testing';
import { ROOT } from '../app-processes';
import { lifecyclectl } from '../cli';

interface Summary {
  ticks: number;
  mails: number;
  mailDir: string;
  events: Record<string, number>;
  companies: { name: string; status: string; workspacesRunning: number; workspaces: number; invoices: string[] }[];
}

const lastJsonLine = (stdout: string): Summary => JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Summary;

async function dropDatabase(name: string, role: string): Promise<void> {
  const admin = new Client({ connectionString: withDatabase(testInfra().databaseUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`DROP ROLE IF EXISTS "${role}"`);
  await admin.end();
}

describe('lifecyclectl demo', () => {
  const database = `lc_t_${testInfra().runId}_demo${randomId(4)}`.toLowerCase();
  // The services run the whole story as a role with only their grants (lifecyclectl grants): no DDL.
  const role = `${database}_svc`;
  const mailDir = join(ROOT, 'test-output', 'demo-mail');
  afterAll(() => dropDatabase(database, role));

  it('runs 20 simulated days on the configured servers and tells the story, the services holding only their grants', async () => {
    rmSync(mailDir, { recursive: true, force: true });
    const result = await lifecyclectl(
      ['demo', '--json', '--database', database, '--mail-dir', mailDir, '--service-role', role],
      { DATABASE_URL: testInfra().databaseUrl, NATS_URL: testInfra().natsUrl, HTTP_PORT: String(await freePort()) },
      240_000,
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('(answering)');
    expect(result.stdout).toContain(`the services run as ${role}`);
    const summary = lastJsonLine(result.stdout);
    const company = (name: string) => summary.companies.find((c) => c.name === name);

    // The always-failing card ends suspended with its workspaces stopped; the recovering one is active and invoiced.
    expect(company('Juniper Retail')).toMatchObject({ status: 'suspended', workspacesRunning: 0 });
    expect(company('Iris Health')).toMatchObject({ status: 'active', workspacesRunning: 2, invoices: [expect.stringMatching(/^INV-\d{4}-\d{5}$/)] });
    // Expired trials stop their workspaces; the one the platform reactivated has its workspace back.
    expect(company('Cobalt Systems')).toMatchObject({ status: 'expired', workspacesRunning: 0 });
    expect(company('Kestrel Games')).toMatchObject({ status: 'active', workspacesRunning: 1 });
    expect(company('Delta Docs')).toMatchObject({ status: 'trial' });
    expect(company('Harbor & Co')).toMatchObject({ status: 'active', workspacesRunning: 1 });

    // Every mail the story needs was written under the mail folder, with an index.
    const emls = readdirSync(mailDir).filter((f) => f.endsWith('.eml'));
    expect(emls.length).toBe(summary.mails);
    const mails = emls.map((f) => readFileSync(join(mailDir, f), 'utf8'));
    const to = (address: string) => mails.filter((m) => m.includes(address));
    expect(to('raj@juniper.example').length).toBeGreaterThanOrEqual(4); // failed payment + retries + suspension
    expect(to('ayse@anadolu.example').length).toBe(4); // 7-, 3-, 1-day reminders and the expiry, in Turkish
    expect(to('sam@brightline.example').length).toBe(3); // 3- and 1-day reminders and the expiry: no 7-day mail
    expect(to('jo@harbor.example')).toEqual([]); // cancels at period end: nothing
    expect(readdirSync(mailDir)).toContain('index.html');
    expect(summary.events['trial.expired']).toBeGreaterThanOrEqual(5);
    expect(summary.events['subscription.suspended']).toBe(1);
    expect(summary.events['subscription.reactivated']).toBe(1);
    expect(summary.events['payment.succeeded']).toBe(1);
    expect(result.stdout).toMatch(/Summary\n\s+\d+ ticks, \d+ events, \d+ mails, in [\d.]+ s/);
  }, 240_000);

  it('starts private PostgreSQL and NATS when the configured ones do not answer, and completes', async () => {
    const result = await lifecyclectl(
      ['demo', '--json', '--days', '4', '--mail-dir', join(ROOT, 'test-output', 'demo-private-mail')],
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/lifecycle', NATS_URL: 'nats://127.0.0.1:2', HTTP_PORT: String(await freePort()) },
      240_000,
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('PostgreSQL at postgres://postgres@127.0.0.1:1/lifecycle does not answer: starting a private one');
    expect(result.stdout).toContain('NATS at nats://127.0.0.1:2 does not answer: starting a private nats-server');
    const summary = lastJsonLine(result.stdout);
    expect(summary.companies.find((c) => c.name === 'Cobalt Systems')).toMatchObject({ status: 'expired', workspacesRunning: 0 });
    expect(summary.mails).toBeGreaterThan(0);
  });
});
