import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, randomId, testInfra } from '@lifecycle/testing';
import { ROOT, spawnApp, type RunningApp } from '../app-processes';
import { eventually, HealthWorld, MINUTE, plus } from './health-world';

const OPS = 'ops@example.com';
const T0 = '2026-12-01T10:00:00Z';
const at = (minutes: number) => plus(T0, minutes * MINUTE).toISOString();

describe('the notifier mails the operator once when an issue appears and once when it clears', () => {
  let world: HealthWorld;
  let notifier: RunningApp;
  const mailDir = join(ROOT, 'test-output', `health-alert-mail-${randomId(6)}`);

  beforeAll(async () => {
    world = await HealthWorld.create();
    notifier = spawnApp('notifier', {
      DATABASE_URL: world.db.url,
      NATS_URL: testInfra().natsUrl,
      LIFECYCLE_NAMESPACE: world.namespace.value,
      HTTP_PORT: String(await freePort()),
      MAIL_TRANSPORT: 'file',
      MAIL_DIR: mailDir,
      OPS_ALERT_EMAIL: OPS,
    });
    await world.startRelay();
  });

  afterAll(async () => {
    if (notifier.child.exitCode === null) {
      notifier.child.kill('SIGTERM');
      await notifier.exited;
    }
    await world.dispose();
    rmSync(mailDir, { recursive: true, force: true });
  });

  const mails = () => (existsSync(mailDir) ? readdirSync(mailDir).filter((name) => name.endsWith('.eml')).sort() : []);

  /** Everything the notifier's alert consumers were given is acknowledged. */
  async function notifierCaughtUp(): Promise<boolean> {
    const stream = world.namespace.stream('HEALTH');
    for await (const info of world.jsm.consumers.list(stream)) {
      if (info.name.startsWith('notifier--') && (info.num_pending > 0 || info.num_ack_pending > 0)) return false;
    }
    return true;
  }

  it('three runs seeing a workspace run while suspended, then the fix: two operator mails', async () => {
    const suspended = await world.factories.newCompany({ status: 'suspended' });
    const workspace = suspended.workspaces[0];
    const health = world.health();
    for (const minutes of [0, 15, 30]) await world.run(health, 'workspace-health', at(minutes));

    const raised = await eventually(async () => mails(), (names) => names.length >= 1, 45_000).catch((error: Error) => {
      throw new Error(`${error.message}\nnotifier output:\n${notifier.output()}`);
    });
    expect(raised).toEqual([expect.stringMatching(/-ops_alert_raised-[0-9a-f]+\.eml$/)]);

    await world.pool.query(`UPDATE workspaces SET is_running = false WHERE id = $1`, [workspace.id]);
    await world.run(health, 'workspace-health', at(45));
    await world.run(health, 'workspace-health', at(60));

    const both = await eventually(async () => mails(), (names) => names.length >= 2, 45_000);
    await eventually(() => world.healthStream(), (events) => events.filter((e) => e.type !== 'health.report').length === 2);
    await eventually(notifierCaughtUp, (done) => done, 30_000);
    expect(mails()).toEqual(both);
    expect(both.map((name) => /-(ops_alert_\w+?)-/.exec(name)?.[1]).sort()).toEqual(['ops_alert_raised', 'ops_alert_resolved']);
    for (const name of both) {
      const eml = readFileSync(join(mailDir, name), 'utf8');
      expect(eml).toMatch(new RegExp(`^To: .*${OPS}`, 'm'));
      expect(eml).toContain('workspace.running_while_inactive');
    }
  });
});
