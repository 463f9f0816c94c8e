import { AckPolicy, jetstream } from '@nats-io/jetstream';
import { DEFAULT_SCHEDULES, slotsBetween } from '@lifecycle/scheduling';
import { DAY, HealthWorld, HOUR, plus } from './health-world';

const NOW = '2026-12-01T10:00:00Z';

describe('pipeline checks (with workspace-health) over real JetStream and clock_slots', () => {
  let world: HealthWorld;

  beforeEach(async () => {
    world = await HealthWorld.create();
  });

  afterEach(async () => {
    await world.dispose();
  });

  /** The latest slot at or before `now` of every schedule, as a clock that runs would have left them. */
  async function freshSlots(now: string, except: string[] = []): Promise<void> {
    for (const def of DEFAULT_SCHEDULES) {
      if (except.includes(def.name)) continue;
      const { slots } = slotsBetween(def, plus(now, -3 * DAY), new Date(now), 10_000);
      await world.slot(def.name, slots[slots.length - 1]);
    }
  }

  async function publish(subject: string, count: number): Promise<void> {
    const js = jetstream(world.nc);
    for (let i = 0; i < count; i++) await js.publish(world.namespace.subject(subject), JSON.stringify({ n: i }));
  }

  async function consumer(stream: string, durable: string, filter: string): Promise<void> {
    await world.jsm.consumers.add(world.namespace.stream(stream), {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      filter_subject: world.namespace.subject(filter),
    });
  }

  it('finds nothing when no letter is dead, consumers keep up and every schedule ticks', async () => {
    await freshSlots(NOW);
    await consumer('LIFECYCLE', 'notifier--trial_all', 'trial.>');
    await publish('trial.expiring', 5);
    expect(await world.found(world.health(), 'workspace-health', NOW)).toEqual([]);
  });

  it('finds dead letters per consumer, a lagging consumer and a stale schedule', async () => {
    await freshSlots(NOW, ['trial-expiry']);
    await world.slot('trial-expiry', plus(NOW, -6 * HOUR));
    await publish('dlq.billing--clock_tick_trial-expiry', 2);
    await publish('dlq.notifier--trial_all', 1);
    await consumer('LIFECYCLE', 'notifier--trial_all', 'trial.>');
    await publish('trial.expiring', 5);

    const health = world.health({ consumerLagThreshold: 3 });
    expect(await world.found(health, 'workspace-health', NOW)).toEqual([
      'pipeline.consumer_lag consumer:notifier--trial_all',
      'pipeline.dead_letters consumer:billing--clock_tick_trial-expiry',
      'pipeline.dead_letters consumer:notifier--trial_all',
      'pipeline.schedule_stale schedule:trial-expiry',
    ]);
    const result = await health.runCheck.evaluate('workspace-health', new Date(NOW));
    expect(result.counts['pipeline.dead_letters']).toBe(3);
    expect(result.issues.find((i) => i.code === 'pipeline.schedule_stale')?.message).toBe(
      'schedule trial-expiry last ticked for slot 2026-12-01T04:00:00Z (6h ago); slots 2026-12-01T06:00:00Z and 2026-12-01T08:00:00Z have passed without a tick',
    );
  });

  it('keeps outside consumers apart: their lag is reported, an issue only with OUTSIDE_CONSUMER_LAG_THRESHOLD', async () => {
    await freshSlots(NOW);
    await consumer('LIFECYCLE', 'notifier--trial_all', 'trial.>');
    await consumer('LIFECYCLE', 'chat-bridge', 'trial.>');
    await publish('trial.expiring', 5);

    const { pipeline } = await world.health().status.execute();
    expect(pipeline.consumers.map((c) => [c.consumer, c.lag])).toEqual([['notifier--trial_all', 5]]);
    expect(pipeline.outsideConsumers).toEqual([{ stream: 'LIFECYCLE', consumer: 'chat-bridge', pending: 5, ackPending: 0, lag: 5 }]);
    const metrics = await world.registry.metrics();
    expect(metrics).toContain('lifecycle_outside_consumer_lag{consumer="chat-bridge",stream="LIFECYCLE"} 5');
    expect(metrics).not.toMatch(/lifecycle_consumer_lag\{consumer="chat-bridge"/);
    expect(await world.found(world.health({ consumerLagThreshold: 3 }), 'workspace-health', NOW)).toEqual([
      'pipeline.consumer_lag consumer:notifier--trial_all',
    ]);
    expect(await world.found(world.health({ consumerLagThreshold: 10, outsideConsumerLagThreshold: 3 }), 'workspace-health', NOW)).toEqual([
      'pipeline.outside_consumer_lag consumer:chat-bridge',
    ]);
  });

  it('judges a schedule with SCHEDULES_FILE settings: a disabled one is never stale', async () => {
    await freshSlots(NOW, ['trial-expiry']);
    await world.slot('trial-expiry', plus(NOW, -6 * HOUR));
    const schedules = DEFAULT_SCHEDULES.map((s) => (s.name === 'trial-expiry' ? { ...s, enabled: false } : s));
    expect(await world.found(world.health({ schedules }), 'workspace-health', NOW)).toEqual([]);
  });
});
