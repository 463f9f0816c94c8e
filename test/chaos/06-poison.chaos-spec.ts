import { jetstream } from '@nats-io/jetstream';
import {
  createEnvelope,
  decodeDeadLetterPayload,
  EVENT_SAMPLES,
  isSubject,
  subjectMatches,
  type DeadLetter,
  type DeadLetterReason,
  type Envelope,
} from '@lifecycle/contracts';
import { busyConsumers, listConsumers, type DurableConsumer } from './checkers/consumers';
import { compareCounts, tally } from './checkers/tally';
import { ChaosWorld } from './support/chaos-world';
import { eventually } from './support/eventually';
import { recordResult } from './support/results';
import { seedCompanies } from './support/seed';
import { tickEnvelope } from './support/ticks';

const SLOT = '2026-12-01T10:00:00Z';
const DAY = 86_400_000;
const HUGE_BYTES = Number(process.env.CHAOS_HUGE_BYTES ?? 900_000);

interface Poison {
  kind: string;
  subject: string;
  bytes: Uint8Array;
  reason: DeadLetterReason;
}

const text = (s: string) => new TextEncoder().encode(s);

/** The bad inputs for one subject a consumer filters (ARCHITECTURE.md, "Delivery guarantees": schema failure → term + dead letter). */
function poisonFor(subject: string): Poison[] {
  if (!isSubject(subject)) return [{ kind: 'unknown subject', subject, bytes: text(JSON.stringify({ id: 'x', type: subject, version: 1 })), reason: 'unknown-subject' }];
  const valid = createEnvelope(subject, { id: `poison:${subject}`, source: 'billing', correlationId: 'poison', occurredAt: SLOT, data: EVENT_SAMPLES[subject] } as never) as Envelope;
  return [
    { kind: 'malformed JSON', subject, bytes: text('{"id": "poison", "type": '), reason: 'invalid-payload' },
    { kind: 'not UTF-8', subject, bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x7b]), reason: 'invalid-payload' },
    { kind: 'wrong schema', subject, bytes: text(JSON.stringify({ ...valid, data: { subscriptionId: 'forty-two' } })), reason: 'invalid-payload' },
    { kind: 'unknown version', subject, bytes: text(JSON.stringify({ ...valid, version: 2 })), reason: 'invalid-payload' },
    { kind: 'huge', subject, bytes: text(JSON.stringify({ ...valid, padding: 'x'.repeat(HUGE_BYTES) })), reason: 'invalid-payload' },
  ];
}

/** One concrete subject per filter: the subject itself, or for a wildcard every contract subject it covers plus one unknown. */
function subjectsOf(consumers: readonly DurableConsumer[]): string[] {
  const subjects = new Set<string>();
  for (const filter of consumers.flatMap((c) => c.filters)) {
    if (!filter.includes('*') && !filter.includes('>')) subjects.add(filter);
    else {
      for (const s of Object.keys(EVENT_SAMPLES)) if (subjectMatches(filter, s)) subjects.add(s);
      subjects.add(filter.replace('>', 'no_such_event').replace('*', 'no_such_token'));
    }
  }
  return [...subjects].sort();
}

describe('scenario 6: poison on every consumed subject', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('06-poison');
  });

  afterAll(() => world?.dispose());

  it('dead-letters each bad message with its reason, once per consumer, and every consumer keeps going', async () => {
    const started = Date.now();
    const at = new Date(SLOT);
    const [company] = await seedCompanies(world.pool, [
      { status: 'trial', trialStartsAt: new Date(at.getTime() - 15 * DAY), trialEndsAt: new Date(at.getTime() - DAY), createdAt: new Date(at.getTime() - 20 * DAY), admin: true, workspaces: 2, workspacesRunning: true },
    ]);
    const services = await Promise.all(
      (['billing', 'notifier', 'workspace-guard', 'health'] as const).map((app) => world.start({ app, env: { CLOCK_MODE: 'simulated', CLOCK_START: SLOT } })),
    );
    const clock = await world.start({ app: 'clock', env: { CLOCK_MODE: 'simulated', CLOCK_START: SLOT } });

    const consumers = await listConsumers(world.jsm, world.namespace);
    expect(consumers.length).toBeGreaterThanOrEqual(15);
    const subjects = subjectsOf(consumers);
    const poisons = subjects.flatMap(poisonFor);

    // expected: per poison message, per consumer that filters its subject, one dead letter with the reason
    const js = jetstream(world.nc);
    const expected = new Map<string, DeadLetterReason>();
    const sent = new Map<string, Poison>();
    for (const poison of poisons) {
      const ack = await js.publish(world.namespace.subject(poison.subject), poison.bytes, { timeout: 30_000 });
      for (const c of consumers.filter((c) => c.filters.some((f) => subjectMatches(f, poison.subject)))) {
        expected.set(`${c.name}:${ack.seq}`, poison.reason);
        sent.set(`${c.name}:${ack.seq}`, poison);
      }
    }
    const uncovered = poisons.filter((p) => ![...sent.values()].includes(p));
    expect(uncovered.map((p) => `${p.subject} ${p.kind}`)).toEqual([]);

    // the clock's control subjects are requests, not stream messages: bad ones get an error reply
    const reply = (await world.nc.request(world.namespace.subject('clock.control.run'), text('{not json'), { timeout: 10_000 })).json<{ ok: boolean; error?: string }>();
    expect(reply).toMatchObject({ ok: false });
    const advance = (await world.nc.request(world.namespace.subject('clock.control.advance'), text(JSON.stringify({ duration: 'soon' })), { timeout: 10_000 })).json<{ ok: boolean }>();
    expect(advance).toMatchObject({ ok: false });

    const letters = await eventually(
      async () => (await world.stream('DLQ')).map((m) => m.json<DeadLetter>()),
      (l) => l.length >= expected.size,
      120_000,
      `${expected.size} dead letters`,
    );

    // then valid traffic: a real expiry through billing, the guard and the notifier, health ticks, and the clock
    await world.publish([
      tickEnvelope('trial-expiry', SLOT),
      tickEnvelope('trial-reminders', SLOT),
      tickEnvelope('workspace-health', SLOT),
      tickEnvelope('billing-health', SLOT),
    ]);
    const advanced = (await world.nc.request(world.namespace.subject('clock.control.advance'), text(JSON.stringify({ duration: '15m' })), { timeout: 30_000 })).json<{ ok: boolean; ticks: unknown[] }>();
    expect(advanced).toMatchObject({ ok: true });
    await eventually(async () => world.mailjet.accepted.length, (n) => n >= 1, 60_000, 'the final mail of the valid expiry');
    await eventually(
      () => world.count(`SELECT count(*) FROM workspaces WHERE company_id = $1 AND status = 'suspended' AND NOT is_running`, [company.companyId]),
      (n) => n === 2,
      60_000,
      'the valid expiry stops both workspaces',
    );
    const idle = await eventually(async () => busyConsumers(await listConsumers(world.jsm, world.namespace)), (busy) => busy.length === 0, 60_000, 'every consumer idle');
    expect(idle).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const finalLetters = (await world.stream('DLQ')).map((m) => m.json<DeadLetter>());
    const key = (l: DeadLetter) => `${l.consumer}:${l.streamSequence}`;
    expect(compareCounts('dead letters', new Map([...expected.keys()].map((k) => [k, 1])), tally(finalLetters, key))).toEqual([]);
    const wrong = finalLetters.filter((l) => {
      const poison = sent.get(key(l));
      return (
        !poison ||
        l.reason !== expected.get(key(l)) ||
        l.originalSubject !== poison.subject ||
        l.deliveryCount !== 1 ||
        !l.error ||
        Buffer.compare(Buffer.from(decodeDeadLetterPayload(l)), Buffer.from(poison.bytes)) !== 0
      );
    });
    expect(wrong.map((l) => `${key(l)} ${l.reason} ${l.originalSubject} ${l.deliveryCount} ${l.error.slice(0, 80)}`)).toEqual([]);

    // nothing else affected: one mail (the valid expiry), one trial.expired, no restarts
    const lifecycle = (await world.stream('LIFECYCLE')).filter((m) => m.msgId).map((m) => m.json<Envelope>());
    expect(lifecycle.filter((e) => e.type === 'trial.expired').map((e) => e.data)).toEqual([expect.objectContaining({ subscriptionId: company.subscriptionId })]);
    expect(world.mailjet.accepted.map((m) => m.to)).toEqual([company.adminEmail]);
    for (const s of [...services, clock]) {
      expect({ name: s.name, running: s.running, runs: s.runs, ready: await s.readyz() }).toEqual({ name: s.name, running: true, runs: 1, ready: 200 });
    }
    recordResult({
      scenario: '6 poison',
      injected: 'malformed JSON, non-UTF-8 bytes, wrong schema, unknown version, a 900 KB envelope on every consumed subject; unknown subjects under every wildcard filter; malformed clock.control requests',
      operations: { consumers: consumers.length, subjects: subjects.length, poisonMessages: poisons.length, deadLetters: finalLetters.length },
      checks: ['one dead letter per (consumer, message) with the expected reason, original subject, original bytes, delivery 1', 'clock.control answers ok:false', 'valid traffic afterwards handled (expiry, mail, workspaces)', 'every consumer idle', 'no process restarted, all ready'],
      durationMs: Date.now() - started,
    });
  });
});
