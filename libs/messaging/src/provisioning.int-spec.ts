import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@lifecycle/contracts';
import { testInfra, testNamespace } from '@lifecycle/testing';
import { provisionConsumer } from './consumer-provisioner';
import { Namespace } from './namespace';
import { provisionStreams } from './stream-provisioner';

const DAY_MS = 86_400_000;

describe('provisioning (real nats-server)', () => {
  const connections: NatsConnection[] = [];
  let ns: Namespace;

  async function manager(): Promise<JetStreamManager> {
    const nc = await connect({ servers: testInfra().natsUrl });
    connections.push(nc);
    return jetstreamManager(nc);
  }

  beforeEach(() => {
    ns = new Namespace(testNamespace());
  });
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((nc) => nc.close()));
  });

  it('creates every stream, then is a no-op', async () => {
    const jsm = await manager();
    const first = await provisionStreams(jsm, ns, STREAMS);
    expect(Object.values(first)).toEqual(STREAMS.map(() => 'created'));
    expect(Object.keys(first)).toEqual(STREAMS.map((s) => ns.stream(s.name)));

    const again = await provisionStreams(jsm, ns, STREAMS);
    expect(Object.values(again)).toEqual(STREAMS.map(() => 'unchanged'));
    const clock = await jsm.streams.info(ns.stream('CLOCK'));
    expect(clock.config).toMatchObject({ subjects: [ns.subject('clock.tick.>')], max_age: nanos(7 * DAY_MS) });
  });

  it('puts a stream changed by hand back to the contract', async () => {
    const jsm = await manager();
    await provisionStreams(jsm, ns, STREAMS);
    await jsm.streams.update(ns.stream('CLOCK'), { max_age: nanos(3 * DAY_MS) });

    const outcome = await provisionStreams(jsm, ns, STREAMS);
    expect(outcome[ns.stream('CLOCK')]).toBe('updated');
    expect(outcome[ns.stream('LIFECYCLE')]).toBe('unchanged');
    expect((await jsm.streams.info(ns.stream('CLOCK'))).config.max_age).toBe(nanos(7 * DAY_MS));
  });

  it('creates a durable pull consumer, then is a no-op, and repairs drift', async () => {
    const jsm = await manager();
    await provisionStreams(jsm, ns, STREAMS);
    const definition = { service: 'billing', subject: 'clock.tick.trial-expiry', maxDeliver: 4, ackWaitMs: 10_000 } as const;

    expect(await provisionConsumer(jsm, ns, definition)).toEqual({
      stream: ns.stream('CLOCK'),
      durable: 'billing--clock_tick_trial-expiry',
      outcome: 'created',
    });
    expect((await provisionConsumer(jsm, ns, definition)).outcome).toBe('unchanged');

    const info = await jsm.consumers.info(ns.stream('CLOCK'), 'billing--clock_tick_trial-expiry');
    expect(info.config).toMatchObject({
      durable_name: 'billing--clock_tick_trial-expiry',
      ack_policy: 'explicit',
      deliver_policy: 'all',
      filter_subject: ns.subject('clock.tick.trial-expiry'),
      max_deliver: 4,
      ack_wait: nanos(10_000),
    });
    expect(info.config.deliver_subject).toBeUndefined();

    await jsm.consumers.update(ns.stream('CLOCK'), 'billing--clock_tick_trial-expiry', { max_deliver: 9 });
    expect((await provisionConsumer(jsm, ns, definition)).outcome).toBe('updated');
    expect((await provisionConsumer(jsm, ns, { ...definition, ackWaitMs: 20_000 })).outcome).toBe('updated');
    const repaired = await jsm.consumers.info(ns.stream('CLOCK'), 'billing--clock_tick_trial-expiry');
    expect(repaired.config).toMatchObject({ max_deliver: 4, ack_wait: nanos(20_000) });
  });

  it('lets several processes provision the same streams and consumers at once', async () => {
    const managers = await Promise.all([manager(), manager(), manager()]);
    const definition = { service: 'notifier', subject: 'trial.>' } as const;

    const outcomes = await Promise.all(
      managers.map(async (jsm) => {
        const streams = await provisionStreams(jsm, ns, STREAMS);
        const consumer = await provisionConsumer(jsm, ns, definition);
        return { streams, consumer };
      }),
    );

    for (const stream of STREAMS) {
      expect(outcomes.map((o) => o.streams[ns.stream(stream.name)])).toContain('created');
      expect(outcomes.every((o) => o.streams[ns.stream(stream.name)] !== 'updated')).toBe(true);
    }
    expect(outcomes.filter((o) => o.consumer.outcome === 'created').length).toBeGreaterThanOrEqual(1);
    const names: string[] = [];
    for await (const c of managers[0].consumers.list(ns.stream('LIFECYCLE'))) names.push(c.name);
    expect(names).toEqual(['notifier--trial_all']);
  });
});
