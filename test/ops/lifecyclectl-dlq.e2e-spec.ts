import { consumerName, createEnvelope, EVENT_SAMPLES, type Envelope } from '@lifecycle/contracts';
import { PermanentError } from '@lifecycle/messaging';
import { testInfra } from '@lifecycle/testing';
import { bootHarness, trialExpired, type Harness } from '../../libs/messaging/test/messaging.harness';
import { lifecyclectl } from '../cli';
import { eventually } from './ops-world';

jest.setTimeout(120_000);

const TRIAL = consumerName('billing', 'trial.expired');
const TICKS = consumerName('billing', 'clock.tick.>');

interface ListedLetter {
  seq: number;
  consumer: string;
  originalSubject: string;
  eventId: string;
  reason: string;
  deliveryCount: number;
  error: string;
  payload: string;
}

describe('lifecyclectl dlq list, replay and purge', () => {
  const failing = new Set<string>();
  let h: Harness;
  let env: Record<string, string>;
  const a = trialExpired('trial.expired:sub-1:2026-12-08T09:00:00Z');
  const b = trialExpired('trial.expired:sub-2:2026-12-08T09:00:00Z');
  const c = trialExpired('trial.expired:sub-3:2026-12-08T09:00:00Z');
  const tick = createEnvelope('clock.tick.trial-expiry', {
    id: 'trial-expiry@2026-12-08T10:00:00Z',
    source: 'clock',
    correlationId: 'trial-expiry@2026-12-08T10:00:00Z',
    occurredAt: '2026-12-08T10:00:00Z',
    data: { schedule: 'trial-expiry', scheduledAt: '2026-12-08T10:00:00Z', firedAt: '2026-12-08T10:00:00Z', trigger: 'schedule' },
  });

  const handled = (id: string) => h.calls.filter((call) => call.envelope.id === id).length;
  const list = async (...args: string[]): Promise<ListedLetter[]> => {
    const run = await lifecyclectl(['dlq', 'list', '--json', ...args], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    // A consumer that gives up at once on what `failing` names: PermanentError → dead letter, as in production.
    h = await bootHarness({
      behaviour: (envelope: Envelope) => {
        if (failing.has(envelope.id)) throw new PermanentError(`no template for ${envelope.id}`);
      },
    });
    env = { NATS_URL: testInfra().natsUrl, LIFECYCLE_NAMESPACE: h.ns.value };
    for (const e of [a, b, c, tick]) failing.add(e.id);
    failing.delete(c.id);
    for (const e of [a, b, c, tick]) await h.publisher.publish(e);
    await eventually(() => list(), (letters) => letters.length === 3, 30_000, 'three dead letters');
  });

  afterAll(async () => {
    for (const stream of ['CLOCK', 'LIFECYCLE', 'WORKSPACE', 'NOTIFICATION', 'HEALTH', 'DLQ']) await h.jsm.streams.delete(h.ns.stream(stream)).catch(() => undefined);
    await h.close();
  });

  it('list shows why each letter died, per consumer; --json carries the original payload', async () => {
    const run = await lifecyclectl(['dlq', 'list'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^SEQ {2}DIED +CONSUMER +SUBJECT +REASON +DELIVERIES {2}ERROR$/);
    expect(lines.filter((l) => l.includes(TRIAL))).toEqual([
      expect.stringMatching(new RegExp(`^ +\\d+  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ \\(\\d+s ago\\) +${TRIAL} +trial\\.expired +permanent-error +1  PermanentError: no template for ${a.id}$`)),
      expect.stringContaining(`no template for ${b.id}`),
    ]);
    expect(run.stdout).toContain(`${TICKS}  clock.tick.trial-expiry`);
    expect(run.stdout).toContain('3 dead letter(s). Replay: lifecyclectl dlq replay <seq…>');

    const letters = await list('--consumer', TRIAL);
    expect(letters.map((l) => [l.consumer, l.originalSubject, l.eventId, l.deliveryCount])).toEqual([
      [TRIAL, 'trial.expired', a.id, 1],
      [TRIAL, 'trial.expired', b.id, 1],
    ]);
    expect(JSON.parse(letters[0].payload)).toEqual(a);
  });

  it('replay puts the original envelope back on its subject, same event id, and deletes the letter', async () => {
    const [letterA] = await list('--consumer', TRIAL);
    failing.delete(a.id);
    const run = await lifecyclectl(['dlq', 'replay', String(letterA.seq)], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`replayed ${letterA.seq} of ${TRIAL}: trial.expired ${a.id} as ${a.id}#replay-${letterA.seq}\n`);
    // The consumer handles it again, as the same event (its id is the idempotency key).
    await eventually(async () => handled(a.id), (n) => n === 2, 20_000, 'the replay handled');
    expect(h.calls.filter((call) => call.envelope.id === a.id).map((call) => call.envelope)).toEqual([a, a]);
    expect((await list()).map((l) => l.seq)).not.toContain(letterA.seq);

    const again = await lifecyclectl(['dlq', 'replay', String(letterA.seq)], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`lifecyclectl: dead letter ${letterA.seq} not replayed: no dead letter with sequence ${letterA.seq} on the DLQ stream (already replayed or purged?)\n`);
  });

  it('replay --all --consumer replays only that consumer\'s letters; a letter that dies again comes back', async () => {
    const run = await lifecyclectl(['dlq', 'replay', '--all', '--consumer', TICKS, '--json'], env);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const { replayed, failed } = JSON.parse(run.stdout);
    expect(failed).toEqual([]);
    expect(replayed).toEqual([expect.objectContaining({ consumer: TICKS, subject: 'clock.tick.trial-expiry', eventId: tick.id, duplicate: false })]);
    // Still failing: dead again, under a new sequence.
    const letters = await eventually(() => list('--consumer', TICKS), (l) => l.length === 1 && l[0].seq !== replayed[0].seq, 20_000, 'the tick dead again');
    expect(letters[0].eventId).toBe(tick.id);
    expect(handled(tick.id)).toBe(2);
  });

  it('replay refuses ambiguous or mismatched requests', async () => {
    const none = await lifecyclectl(['dlq', 'replay'], env);
    expect(none).toMatchObject({ code: 1, stderr: 'lifecyclectl: name the sequences to replay, or --all (not both)\n' });
    const [letterB] = await list('--consumer', TRIAL);
    const wrong = await lifecyclectl(['dlq', 'replay', String(letterB.seq), '--consumer', TICKS], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`it belongs to ${TRIAL}, not ${TICKS}`);
    const bad = await lifecyclectl(['dlq', 'replay', 'x'], env);
    expect(bad).toMatchObject({ code: 1, stderr: 'lifecyclectl: "x" is not a dead letter sequence (a positive whole number from `dlq list`)\n' });
  });

  it('purge asks for --yes off a terminal, honours --older-than and --consumer', async () => {
    const refused = await lifecyclectl(['dlq', 'purge'], env);
    expect(refused).toMatchObject({ code: 1, stderr: 'lifecyclectl: refusing to purge without --yes: not on a terminal, so there is nobody to ask\n' });
    expect(await lifecyclectl(['dlq', 'purge', '--older-than', '7d', '--yes'], env)).toMatchObject({ code: 0, stdout: 'nothing to purge\n' });
    expect(await lifecyclectl(['dlq', 'purge', '--consumer', TRIAL, '--yes'], env)).toMatchObject({ code: 0, stdout: 'purged 1 dead letter(s)\n' });
    expect((await list()).map((l) => l.consumer)).toEqual([TICKS]);
    expect(await lifecyclectl(['dlq', 'purge', '--older-than', '0s', '--yes'], env)).toMatchObject({ code: 0, stdout: 'purged 1 dead letter(s)\n' });
    const empty = await lifecyclectl(['dlq', 'list'], env);
    expect(empty).toMatchObject({ code: 0, stdout: 'no dead letters\n' });
    expect(handled(b.id)).toBe(1);
    expect(EVENT_SAMPLES['trial.expired']).toBeDefined();
  });

  it('--help on each verb', async () => {
    for (const verb of ['list', 'replay', 'purge']) {
      const help = await lifecyclectl(['dlq', verb, '--help'], {});
      expect({ verb, code: help.code, usage: help.stdout.split('\n')[0] }).toEqual({ verb, code: 0, usage: expect.stringContaining(`Usage: lifecyclectl dlq ${verb}`) });
    }
  });
});
