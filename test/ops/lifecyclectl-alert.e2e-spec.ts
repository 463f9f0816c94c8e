import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lifecyclectl } from '../cli';
import { OpsWorld } from './ops-world';

jest.setTimeout(90_000);

describe('lifecyclectl alert', () => {
  let world: OpsWorld;
  let bin: string;

  beforeAll(async () => {
    world = await OpsWorld.create();
    // A journalctl that prints what a failed unit's journal could hold, a password among it.
    bin = mkdtempSync(join(tmpdir(), 'lc-alert-'));
    writeFileSync(
      join(bin, 'journalctl'),
      [
        '#!/bin/sh',
        'echo "-- Journal begins at Mon 2026-11-30 --"',
        'echo "2026-12-01T09:00:00+0000 host node[7]: billing failed to start: connect postgres://app:s3cret@db/lifecycle refused"',
        'echo "2026-12-01T09:00:01+0000 host systemd[1]: $2: Main process exited, code=exited, status=1/FAILURE"',
      ].join('\n'),
    );
    chmodSync(join(bin, 'journalctl'), 0o755);
  });

  afterAll(async () => {
    rmSync(bin, { recursive: true, force: true });
    await world.dispose();
  });

  it('publishes health.alert.raised (unit.failed, critical) on the HEALTH stream, with the journal lines and no password', async () => {
    const run = await lifecyclectl(['alert', '--unit', 'lifecycle-billing.service', '--message', 'restarted 5 times in 300 s'], {
      ...world.env,
      PATH: `${bin}:${process.env.PATH}`,
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^published health\.alert\.raised unit\.failed unit:lifecycle-billing\.service \(HEALTH seq 1\); the notifier mails it to OPS_ALERT_EMAIL\n$/);
    const [stored] = await world.stream('HEALTH');
    expect(stored.subject).toBe('health.alert.raised');
    expect(stored.msgId).toBe(stored.body.id);
    expect(stored.body).toMatchObject({
      type: 'health.alert.raised',
      source: 'lifecyclectl',
      id: expect.stringMatching(/^health\.alert\.raised:unit\.failed:unit:lifecycle-billing\.service:\d{4}-\d\d-\d\dT/),
      data: { check: 'workspace-health', code: 'unit.failed', severity: 'critical', resource: 'unit:lifecycle-billing.service' },
    });
    expect(stored.body.data.message).toBe(
      [
        'systemd unit lifecycle-billing.service failed: restarted 5 times in 300 s',
        '',
        'Last log lines (journalctl -u lifecycle-billing.service):',
        '2026-12-01T09:00:00+0000 host node[7]: billing failed to start: connect postgres://app:***@db/lifecycle refused',
        '2026-12-01T09:00:01+0000 host systemd[1]: lifecycle-billing.service: Main process exited, code=exited, status=1/FAILURE',
      ].join('\n'),
    );
  });

  it('--no-journal leaves the journal out; --json prints the event; each failure is its own alert', async () => {
    const run = await lifecyclectl(['alert', '--unit', 'lifecycle-clock.service', '--no-journal', '--json'], { ...world.env, PATH: `${bin}:${process.env.PATH}` });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const event = JSON.parse(run.stdout);
    expect(event.data.message).toBe('systemd unit lifecycle-clock.service failed');
    const health = await world.stream('HEALTH');
    expect(health.map((m) => m.body.id)).toEqual([expect.stringContaining('unit:lifecycle-billing.service'), event.id]);
  });

  it('without journalctl the alert still goes out', async () => {
    const run = await lifecyclectl(['alert', '--unit', 'lifecycle-health.service'], { ...world.env, PATH: '/nonexistent' });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const last = (await world.stream('HEALTH')).at(-1)!;
    expect(last.body.data.message).toBe('systemd unit lifecycle-health.service failed');
  });

  it('when NATS cannot take it, the alert goes to stderr (the journal) and the exit code is 1', async () => {
    const run = await lifecyclectl(['alert', '--unit', 'lifecycle-notifier.service', '--no-journal'], { ...world.env, NATS_URL: 'nats://127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lifecyclectl: could not publish the alert \(.+\); here it is:\nALERT critical unit\.failed unit:lifecycle-notifier\.service\nsystemd unit lifecycle-notifier\.service failed\n$/);
    const missingStream = await lifecyclectl(['alert', '--unit', 'x.service', '--no-journal'], { ...world.env, LIFECYCLE_NAMESPACE: `${world.namespace.value}none` });
    expect(missingStream.code).toBe(1);
    expect(missingStream.stderr).toContain('could not publish the alert');
  });

  it('refuses a bad unit name and a missing --unit; --help says what it does', async () => {
    expect(await lifecyclectl(['alert', '--unit', 'a b'], world.env)).toMatchObject({
      code: 1,
      stderr: `lifecyclectl: "a b" is not a systemd unit name (letters, digits and :_.@\\- only, at most 180 characters: the alert id is the mail's dedup key)\n`,
    });
    const missing = await lifecyclectl(['alert'], world.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--unit <name>' not specified");
    const help = await lifecyclectl(['alert', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('OPS_ALERT_EMAIL');
  });
});
