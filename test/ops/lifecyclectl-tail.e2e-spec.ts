import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { deadLetterSubject, EVENT_SAMPLES, tickId } from '@lifecycle/contracts';
import { ROOT } from '../app-processes';
import { lifecyclectl } from '../cli';
import { eventually, OpsWorld, startLifecyclectl } from './ops-world';

jest.setTimeout(90_000);

describe('lifecyclectl tail', () => {
  let world: OpsWorld;

  beforeAll(async () => {
    world = await OpsWorld.create();
    await world.publish(
      world.envelope('clock.tick.trial-reminders', tickId('trial-reminders', '2026-12-01T09:00:00Z'), {
        schedule: 'trial-reminders',
        scheduledAt: '2026-12-01T09:00:00Z',
        firedAt: '2026-12-01T09:04:00Z',
        trigger: 'schedule',
      }),
    );
    await world.publish(world.envelope('trial.expiring', 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z', EVENT_SAMPLES['trial.expiring'], '2026-12-01T09:04:01Z', 'trial-reminders@2026-12-01T09:00:00Z'));
    await world.publish(world.envelope('payment.failed', 'payment.failed:pay-1001', EVENT_SAMPLES['payment.failed'], '2026-12-01T09:05:00Z', 'payment-retry@2026-12-01T06:00:00Z'));
    const letter = {
      consumer: 'notifier--trial_expiring',
      stream: 'LIFECYCLE',
      streamSequence: 1,
      originalSubject: 'trial.expiring',
      headers: {},
      payload: '{}',
      payloadEncoding: 'utf8',
      error: 'template missing',
      reason: 'max-deliveries',
      deliveryCount: 5,
      deadAt: '2026-12-01T09:06:00Z',
    };
    await world.js.publish(world.namespace.subject(deadLetterSubject(letter.consumer)), JSON.stringify(letter), { msgID: 'notifier--trial_expiring:1' });
  });

  afterAll(async () => {
    await world.dispose();
  });

  it('--since 1h --no-follow prints what was stored, one line per event, in stored order, and exits', async () => {
    const run = await lifecyclectl(['tail', '--since', '1h', '--no-follow'], world.env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([
      '2026-12-01 09:00:00Z  clock.tick.trial-reminders  slot 2026-12-01 09:00:00Z (schedule)  corr=corr:trial-reminders@2026-12-01T09:00:00Z',
      '2026-12-01 09:04:01Z  trial.expiring              sub=42 company=12 "Acme" 7d before, trial ends 2026-12-08 09:00:00Z  corr=trial-reminders@2026-12-01T09:00:00Z',
      expect.stringMatching(/^2026-12-01 09:05:00Z {2}payment\.failed {14}pay=1001 sub=42 .* 29\.00 USD attempt 1\/4: .* {2}corr=payment-retry@2026-12-01T06:00:00Z$/),
      '2026-12-01 09:06:00Z  dlq.notifier--trial_expiring  notifier--trial_expiring gave up on trial.expiring (max-deliveries, 5 deliveries): template missing',
    ]);
  });

  it('a subject pattern narrows it; --json prints the envelopes as stored', async () => {
    const run = await lifecyclectl(['tail', 'trial.>', '--since', '1h', '--no-follow', '--json'], world.env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ id: 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z', type: 'trial.expiring', data: EVENT_SAMPLES['trial.expiring'] })]);
  });

  it('--stream and --limit: the first events of one stream, then exit', async () => {
    const since = new Date(Date.now() - 600_000).toISOString();
    const run = await lifecyclectl(['tail', '--since', since, '--stream', 'lifecycle', '--limit', '1'], world.env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n').filter(Boolean)).toEqual([expect.stringContaining('trial.expiring')]);
  });

  it('follows live: prints events as they arrive and exits after --limit', async () => {
    const before = await world.consumersOn('LIFECYCLE');
    const tail = startLifecyclectl(['tail', 'payment.>', '--limit', '2'], world.env);
    await eventually(() => world.consumersOn('LIFECYCLE'), (n) => n > before, 20_000, 'tail consumer');
    await world.publish(world.envelope('payment.failed', 'payment.failed:pay-2001', { ...EVENT_SAMPLES['payment.failed'], paymentId: 2001 }, '2026-12-02T09:00:00Z'));
    await world.publish(world.envelope('trial.expired', 'trial.expired:sub-42:x', EVENT_SAMPLES['trial.expired'], '2026-12-02T09:00:01Z'));
    await world.publish(world.envelope('payment.succeeded', 'payment.succeeded:pay-2002', EVENT_SAMPLES['payment.succeeded'], '2026-12-02T09:00:02Z'));
    expect(await tail.exited).toBe(0);
    const lines = tail.stdout().split('\n').filter(Boolean);
    expect(lines).toEqual([expect.stringContaining('payment.failed              pay=2001'), expect.stringContaining('payment.succeeded')]);
    expect(tail.stderr()).toBe('');
  });

  it('Ctrl-C stops following with exit code 0', async () => {
    const before = await world.consumersOn('HEALTH');
    const tail = startLifecyclectl(['tail', 'health.>'], world.env);
    await eventually(() => world.consumersOn('HEALTH'), (n) => n > before, 20_000, 'tail consumer');
    tail.child.kill('SIGINT');
    expect(await tail.exited).toBe(0);
    expect(tail.stderr()).toBe('');
  });

  it('colours only on a terminal, and not with NO_COLOR', async () => {
    // util-linux `script` gives the command a pseudo-terminal.
    const onTerminal = (extra: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const command = [process.execPath, join(ROOT, 'bin', 'lifecyclectl'), 'tail', 'payment.failed', '--since', '1h', '--no-follow'].join(' ');
        execFile('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH ?? '', ...world.env, ...extra } }, (error, stdout) =>
          error ? reject(error) : resolve(stdout),
        );
      });
    expect(await onTerminal({})).toContain('\u001b[31mpayment.failed');
    expect(await onTerminal({ NO_COLOR: '1' })).not.toContain('\u001b[');
    expect((await lifecyclectl(['tail', 'payment.failed', '--since', '1h', '--no-follow'], world.env)).stdout).not.toContain('\u001b[');
  });

  it('says what is wrong with bad options, a missing namespace or an unreachable NATS', async () => {
    const noSince = await lifecyclectl(['tail', '--no-follow'], world.env);
    expect(noSince).toMatchObject({ code: 1, stderr: 'lifecyclectl: --no-follow prints stored events only: give --since too (e.g. --since 1h)\n' });
    const badSince = await lifecyclectl(['tail', '--since', 'yesterday', '--no-follow'], world.env);
    expect(badSince.code).toBe(1);
    expect(badSince.stderr).toContain('--since "yesterday" is neither a duration');
    const badStream = await lifecyclectl(['tail', '--stream', 'nope'], world.env);
    expect(badStream.code).toBe(1);
    expect(badStream.stderr).toContain('unknown stream; streams: CLOCK, LIFECYCLE');
    const nothing = await lifecyclectl(['tail', 'nothing.here', '--since', '1h', '--no-follow'], world.env);
    expect(nothing).toMatchObject({ code: 1, stderr: 'lifecyclectl: no stream carries subjects matching "nothing.here"\n' });
    const elsewhere = await lifecyclectl(['tail', '--since', '1h', '--no-follow'], { ...world.env, LIFECYCLE_NAMESPACE: `${world.namespace.value}x` });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stderr).toContain(`no stream ${world.namespace.value}x_CLOCK`);
    expect(elsewhere.stderr).toContain('no service has run in this LIFECYCLE_NAMESPACE yet');
    const down = await lifecyclectl(['tail'], { ...world.env, NATS_URL: 'nats://127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^lifecyclectl: .*(ECONNREFUSED|CONNECTION_REFUSED|refused)/i);
  });

  it('--help explains the verb', async () => {
    const help = await lifecyclectl(['tail', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: lifecyclectl tail [options] [subject]');
    expect(help.stdout).toContain('--no-follow');
    expect(help.stdout).toContain('NO_COLOR');
  });
});
