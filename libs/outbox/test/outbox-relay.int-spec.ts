import { startNatsServer, testInfra, type NatsServerProcess } from '@lifecycle/testing';
import type { OutboxPublisher } from '@lifecycle/outbox';
import { bySubscription, CountingPublisher, eventually, OutboxWorld, trialExpiring } from './outbox-harness';

jest.setTimeout(30_000);

describe('OutboxRelay', () => {
  let world: OutboxWorld;
  let natsServer: NatsServerProcess | null = null;

  beforeEach(async () => {
    world = await OutboxWorld.create();
  });

  afterEach(async () => {
    await world.dispose();
    await natsServer?.dispose();
    natsServer = null;
  });

  it('publishes an event committed while NATS is unreachable once NATS is back', async () => {
    natsServer = await startNatsServer();
    const { jsm, publisher } = await world.nats(natsServer.url, 500);
    await natsServer.stop();
    const relay = await world.relay(publisher, { pollIntervalMs: 100, backoffBaseMs: 50, backoffMaxMs: 500 });
    relay.start();

    await world.append([trialExpiring(42, 1)]);
    const failing = await eventually(
      () => world.dataSource.query(`SELECT attempts, last_error, sent_at FROM outbox_events`),
      (rows: { attempts: number }[]) => rows[0].attempts >= 2,
    );
    expect(failing[0]).toMatchObject({ sent_at: null, last_error: expect.any(String) });
    expect(relay.failed).toBeGreaterThanOrEqual(2);
    expect(relay.published).toBe(0);

    await natsServer.start();

    await eventually(() => world.unsent(), (n) => n === 0);
    expect(await world.streamIds(jsm)).toEqual([trialExpiring(42, 1).id]);
  });

  it('publishes nothing from a transaction that rolled back', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const relay = await world.relay(publisher, { pollIntervalMs: 50 });
    relay.start();

    await expect(
      world.dataSource.transaction(async (manager) => {
        await world.writer.append(manager, [trialExpiring(1, 1)], bySubscription);
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    await world.append([trialExpiring(2, 1)]);

    await eventually(() => world.streamCount(jsm), (n) => n === 1);
    await relay.stop();
    expect(await world.streamIds(jsm)).toEqual([trialExpiring(2, 1).id]);
    expect(await world.dataSource.query(`SELECT event_id FROM outbox_events`)).toEqual([{ event_id: trialExpiring(2, 1).id }]);
  });

  it('appends an event id once, however often it is written', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    await world.append([trialExpiring(5, 1), trialExpiring(5, 1)]);
    await world.append([trialExpiring(5, 1)]);

    const relay = await world.relay(publisher);
    expect(await relay.runOnce()).toEqual({ claimed: 1, sent: 1, failed: 0, deferred: 0 });
    expect(await world.streamCount(jsm)).toBe(1);
  });

  it('has two relays publish each of 2,000 events exactly once, in commit order per aggregate', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const publishers = [new CountingPublisher(publisher), new CountingPublisher(publisher)];
    const relays = await Promise.all(publishers.map((p) => world.relay(p, { batchSize: 50, pollIntervalMs: 100, deferredRetryMs: 10 })));
    relays.forEach((r) => r.start());

    // 40 transactions of 50 events over 7 subscriptions, committed one after another while the relays run.
    const committed: string[] = [];
    for (let tx = 0; tx < 40; tx++) {
      const events = Array.from({ length: 50 }, (_, i) => trialExpiring(((tx * 50 + i) % 7) + 1, tx * 50 + i));
      await world.append(events);
      committed.push(...events.map((e) => e.id));
    }

    await eventually(() => world.unsent(), (n) => n === 0, 30_000);
    await Promise.all(relays.map((r) => r.stop()));

    expect(await world.streamCount(jsm)).toBe(2_000);
    const [{ sent }] = await world.dataSource.query(`SELECT count(*)::int AS sent FROM outbox_events WHERE sent_at IS NOT NULL`);
    expect(sent).toBe(2_000);
    expect(publishers.map((p) => p.duplicates)).toEqual([0, 0]);
    expect(publishers[0].sent + publishers[1].sent).toBe(2_000);
    expect(relays[0].published + relays[1].published).toBe(2_000);
    expect(publishers.every((p) => p.sent > 0)).toBe(true);

    const onStream = await world.streamIds(jsm);
    const perAggregate = (ids: string[]) => {
      const groups = new Map<string, string[]>();
      for (const id of ids) {
        const aggregate = id.split(':')[1];
        groups.set(aggregate, [...(groups.get(aggregate) ?? []), id]);
      }
      return Object.fromEntries(groups);
    };
    expect(perAggregate(onStream)).toEqual(perAggregate(committed));
  });

  it('orders one aggregate by commit, even when a later writer would have committed first', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const commits: string[] = [];
    const first = trialExpiring(9, 1);
    const second = trialExpiring(9, 2);

    const slow = world.dataSource.transaction(async (manager) => {
      await world.writer.append(manager, [first], bySubscription);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }).then(() => commits.push(first.id));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fast = world.dataSource.transaction((manager) => world.writer.append(manager, [second], bySubscription)).then(() => commits.push(second.id));
    await Promise.all([slow, fast]);

    const relay = await world.relay(publisher);
    await relay.runOnce();
    expect(await world.streamIds(jsm)).toEqual(commits);
    expect(commits).toEqual([first.id, second.id]);
  });

  it('holds back the rest of an aggregate after one of its events fails, and sends it in order later', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const failOnce = new Set([trialExpiring(1, 2).id]);
    const flaky: OutboxPublisher = {
      publishBatch: async (messages) => {
        const failing = messages.filter((m) => failOnce.delete(m.id));
        const outcomes = await publisher.publishBatch(messages.filter((m) => !failing.includes(m)));
        return messages.map(
          (m) => outcomes.find((o) => o.id === m.id) ?? { ok: false as const, id: m.id, error: new Error('broker hiccup') },
        );
      },
    };
    await world.append([1, 2, 3].flatMap((n) => [trialExpiring(1, n), trialExpiring(2, n)]));
    const relay = await world.relay(flaky);

    expect(await relay.runOnce()).toEqual({ claimed: 6, sent: 4, failed: 1, deferred: 1 });
    expect(await relay.runOnce()).toEqual({ claimed: 2, sent: 2, failed: 0, deferred: 0 });

    const ids = await world.streamIds(jsm);
    expect(ids.filter((id) => id.includes('sub-1:'))).toEqual([1, 2, 3].map((n) => trialExpiring(1, n).id));
    expect(await world.dataSource.query(`SELECT attempts, last_error FROM outbox_events WHERE event_id = $1`, [trialExpiring(1, 2).id])).toEqual([
      { attempts: 2, last_error: null },
    ]);
  });

  it('is woken by notify(): an event is published without waiting for the next poll', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const relay = await world.relay(publisher, { pollIntervalMs: 60_000 });
    relay.start();
    // its first cycle finds nothing; then it sleeps for a minute
    await new Promise((resolve) => setTimeout(resolve, 500));

    await world.append([trialExpiring(3, 1)]);
    relay.notify();
    await eventually(() => world.streamCount(jsm), (n) => n === 1, 5_000);
  });

  it('is woken when a transaction of its own process that wrote events commits, and only after the outermost commit', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const relay = world.relayInThisProcess(publisher, { pollIntervalMs: 60_000 });
    relay.start();
    // its first cycle finds nothing; then it sleeps for a minute unless a commit wakes it
    await new Promise((resolve) => setTimeout(resolve, 500));

    await world.dataSource.transaction(async (manager) => {
      // a nested transaction (a savepoint) that writes events: its release must not wake the relay yet
      await manager.transaction((nested) => world.writer.append(nested, [trialExpiring(3, 1)], bySubscription));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await world.streamCount(jsm)).toBe(0);
    });
    await eventually(() => world.streamCount(jsm), (n) => n === 1, 5_000);

    await relay.stop();
    expect(world.dataSource.subscribers).toEqual([]);
  });

  it('finds new events by polling, without a trigger on outbox_events', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    expect(await world.dataSource.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal`)).toEqual([]);
    const relay = await world.relay(publisher, { pollIntervalMs: 50 });
    relay.start();

    await world.append([trialExpiring(4, 1)]);
    await eventually(() => world.streamCount(jsm), (n) => n === 1, 5_000);
  });

  it('claims after its last batch between claims from the head, and still publishes an event that committed late with a lower id', async () => {
    const { jsm, publisher } = await world.nats(testInfra().natsUrl);
    const rescanIntervalMs = 3_000;
    const relay = await world.relay(publisher, { batchSize: 2, rescanIntervalMs });
    // a writer takes its id first and commits last
    const late = world.dataSource.createQueryRunner();
    await late.connect();
    await late.startTransaction();
    await world.writer.append(late.manager, [trialExpiring(100, 1)], bySubscription);
    await world.append([trialExpiring(1, 1), trialExpiring(2, 1), trialExpiring(3, 1), trialExpiring(4, 1)]);

    const headClaim = Date.now();
    expect(await relay.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
    await late.commitTransaction();
    await late.release();
    // after the last claimed id: the late event, below it, is not seen yet
    expect(await relay.runOnce()).toMatchObject({ claimed: 2, sent: 2 });
    expect(await relay.runOnce()).toMatchObject({ claimed: 0 });
    expect(await world.unsent()).toBe(1);
    // the next claim from the head takes it
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, headClaim + rescanIntervalMs + 50 - Date.now())));
    expect(await relay.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await world.unsent()).toBe(0);
    expect(await world.streamIds(jsm)).toEqual(expect.arrayContaining([trialExpiring(100, 1).id]));
    expect(await world.streamCount(jsm)).toBe(5);
  });

  it('reports its backlog while it cannot publish', async () => {
    natsServer = await startNatsServer();
    const { publisher } = await world.nats(natsServer.url, 200);
    await natsServer.stop();
    await world.append([trialExpiring(6, 1), trialExpiring(7, 1)]);
    await world.dataSource.query(`UPDATE outbox_events SET created_at = now() - interval '90 seconds'`);
    const relay = await world.relay(publisher, { pollIntervalMs: 50, backoffBaseMs: 20, backoffMaxMs: 50 });
    relay.start();

    await eventually(async () => relay.pending, (n) => n === 2);
    expect(relay.lagSeconds).toBeGreaterThanOrEqual(90);
  });
});
