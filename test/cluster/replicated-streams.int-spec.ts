import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { STREAMS } from '@lifecycle/contracts';
import { clockStateBucket, SharedSimulatedClock } from '@lifecycle/clock';
import { startNatsCluster, type NatsCluster } from '@lifecycle/local-infra';
import {
  assertReplicasFitCluster,
  closeNats,
  connectNats,
  DUPLICATE_WINDOW_MS,
  JetStreamPublisher,
  lowerReplicasCommand,
  Namespace,
  provisionConsumer,
  provisionStreams,
  StreamReplicasError,
} from '@lifecycle/messaging';
import { testInfra, testNamespace } from '@lifecycle/testing';

jest.setTimeout(180_000);

/** The servers holding a stream or a consumer, as the cluster reports them (its leader and replicas), once scaling has settled. */
async function copies(jsm: JetStreamManager, stream: string, consumer?: string, timeoutMs = 30_000): Promise<number> {
  const count = async () => {
    const info = consumer ? await jsm.consumers.info(stream, consumer) : await jsm.streams.info(stream);
    return { want: consumer ? null : info.config.num_replicas, have: new Set([info.cluster?.leader, ...(info.cluster?.replicas ?? []).map((r) => r.name)].filter(Boolean)).size };
  };
  const deadline = Date.now() + timeoutMs;
  let now = await count();
  // right after an update the reported peers still move (the old leader listed twice, new peers catching up)
  while ((now.want !== null ? now.have !== now.want : false) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    now = await count();
  }
  return now.have;
}

describe('streams, consumers and the KV bucket on a three-node cluster (STREAM_REPLICAS)', () => {
  let cluster: NatsCluster;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    cluster = await startNatsCluster();
    nc = await connectNats({ url: cluster.url, name: 'replication-test' });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    if (nc) await closeNats(nc);
    await cluster?.dispose();
  });

  it('checks STREAM_REPLICAS against the cluster size the server reports, naming both', async () => {
    expect(() => assertReplicasFitCluster(nc, 3)).not.toThrow();
    expect(() => assertReplicasFitCluster(nc, 4)).toThrow(StreamReplicasError);
    expect(() => assertReplicasFitCluster(nc, 4)).toThrow(/STREAM_REPLICAS=4.*cluster has 3 servers/);
    expect(() => assertReplicasFitCluster(nc, 0)).toThrow(/STREAM_REPLICAS must be a whole number from 1 to 5/);
    const single = await connectNats({ url: testInfra().natsUrl, name: 'replication-test-single' });
    try {
      expect(() => assertReplicasFitCluster(single, 1)).not.toThrow();
      expect(() => assertReplicasFitCluster(single, 3)).toThrow(/STREAM_REPLICAS=3, but the NATS server is not clustered \(cluster size 1/);
    } finally {
      await closeNats(single);
    }
  });

  it('creates every stream with three copies; consumers follow their stream', async () => {
    const ns = new Namespace(testNamespace());
    const outcomes = await provisionStreams(jsm, ns, STREAMS, { replicas: 3 });
    expect(Object.values(outcomes)).toEqual(STREAMS.map(() => 'created'));
    for (const stream of STREAMS) expect(await copies(jsm, ns.stream(stream.name))).toBe(3);
    const { stream, durable } = await provisionConsumer(jsm, ns, { service: 'notifier', subject: 'trial.>' });
    expect(await copies(jsm, stream, durable)).toBe(3);
  });

  it('lets processes on every member provision the same streams and consumers at once (services booting together)', async () => {
    const ns = new Namespace(testNamespace());
    const connections = await Promise.all(cluster.nodes.map((node) => connectNats({ url: node.url, name: `boot-${node.name}` })));
    try {
      const outcomes = await Promise.all(
        connections.map(async (own) => {
          const ownJsm = await jetstreamManager(own);
          const streams = await provisionStreams(ownJsm, ns, STREAMS, { replicas: 3 });
          const consumer = await provisionConsumer(ownJsm, ns, { service: 'notifier', subject: 'trial.>' });
          return { streams, consumer };
        }),
      );
      for (const stream of STREAMS) {
        expect(outcomes.map((o) => o.streams[ns.stream(stream.name)])).toContain('created');
        expect(await copies(jsm, ns.stream(stream.name))).toBe(3);
      }
      expect(outcomes.filter((o) => o.consumer.outcome === 'created').length).toBeGreaterThanOrEqual(1);
    } finally {
      await Promise.all(connections.map((c) => closeNats(c)));
    }
  });

  it('raises the copies of existing single-copy streams and their consumers, and never lowers them', async () => {
    const ns = new Namespace(testNamespace());
    await provisionStreams(jsm, ns, STREAMS, { replicas: 1 });
    const { stream, durable } = await provisionConsumer(jsm, ns, { service: 'notifier', subject: 'trial.>' });
    expect(await copies(jsm, stream, durable)).toBe(1);

    const raised = await provisionStreams(jsm, ns, STREAMS, { replicas: 3 });
    expect(Object.values(raised)).toEqual(STREAMS.map(() => 'updated'));
    for (const s of STREAMS) expect(await copies(jsm, ns.stream(s.name))).toBe(3);
    // the consumer created at R1 follows its stream once the stream is R3
    const deadline = Date.now() + 30_000;
    while ((await copies(jsm, stream, durable)) !== 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    expect(await copies(jsm, stream, durable)).toBe(3);

    const drift: string[] = [];
    const lowered = await provisionStreams(jsm, ns, STREAMS, { replicas: 1, onDrift: (m) => drift.push(m) });
    expect(Object.values(lowered)).toEqual(STREAMS.map(() => 'kept-replicas'));
    expect(await copies(jsm, ns.stream('LIFECYCLE'))).toBe(3);
    expect(drift).toHaveLength(STREAMS.length);
    expect(drift[0]).toContain(lowerReplicasCommand(ns.stream(STREAMS[0].name), 1));
    expect(lowerReplicasCommand('LIFECYCLE', 1)).toBe('nats stream edit LIFECYCLE --replicas 1 --force');
  });

  it('creates the simulated-time KV bucket with STREAM_REPLICAS copies and raises an existing one', async () => {
    const fresh = new Namespace(testNamespace());
    const clock = await SharedSimulatedClock.open(nc, fresh, new Date('2026-12-01T00:00:00Z'), 3);
    await clock.close();
    expect(await copies(jsm, `KV_${clockStateBucket(fresh)}`)).toBe(3);

    const existing = new Namespace(testNamespace());
    await (await SharedSimulatedClock.open(nc, existing, new Date('2026-12-01T00:00:00Z'), 1)).close();
    expect(await copies(jsm, `KV_${clockStateBucket(existing)}`)).toBe(1);
    const reopened = await SharedSimulatedClock.open(nc, existing, new Date('2030-01-01T00:00:00Z'), 3);
    expect(reopened.now()).toEqual(new Date('2026-12-01T00:00:00Z'));
    await reopened.close();
    expect(await copies(jsm, `KV_${clockStateBucket(existing)}`)).toBe(3);
    // reads go through the leader: a follower's direct get could miss the latest write
    expect((await jsm.streams.info(`KV_${clockStateBucket(existing)}`)).config.allow_direct).toBe(false);
  });

  it('reads the simulated now right after creating it, from every member (no stale follower reads)', async () => {
    for (let i = 0; i < 10; i++) {
      const ns = new Namespace(testNamespace());
      const clocks = await Promise.all(
        cluster.nodes.map(async (node) => {
          const own = await connectNats({ url: node.url, name: `replication-test-${node.name}` });
          try {
            const clock = await SharedSimulatedClock.open(own, ns, new Date('2026-12-01T00:00:00Z'), 3);
            const now = clock.now().toISOString();
            await clock.close();
            return now;
          } finally {
            await closeNats(own);
          }
        }),
      );
      expect(clocks).toEqual(cluster.nodes.map(() => '2026-12-01T00:00:00.000Z'));
    }
  });

  it('retries publishes through a leader election (SIGKILL of the leader) with the same Nats-Msg-Id: nothing lost, nothing doubled', async () => {
    const ns = new Namespace(testNamespace());
    await provisionStreams(jsm, ns, STREAMS.filter((s) => s.name === 'LIFECYCLE'), { replicas: 3 });
    const name = ns.stream('LIFECYCLE');
    const publisher = new JetStreamPublisher(jetstream(nc), ns, { timeoutMs: 2_000, electionRetryMs: 30_000 });
    const COUNT = 400;
    const ids = Array.from({ length: COUNT }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    let slowestMs = 0;
    const leader = await cluster.leaderOf(name);
    const failures: string[] = [];
    for (const [i, id] of ids.entries()) {
      if (i === 100) void leader.kill();
      const started = Date.now();
      const [outcome] = await publisher.publishBatch([{ subject: 'trial.expiring', id, payload: JSON.stringify({ i }) }]);
      slowestMs = Math.max(slowestMs, Date.now() - started);
      if (!outcome.ok) failures.push(`${id}: ${outcome.error.message}`);
    }
    expect(failures).toEqual([]);
    const info = await jsm.streams.info(name);
    expect(info.state.messages).toBe(COUNT);
    expect(info.cluster?.leader).not.toBe(leader.name);
    // the same ids again (a relay that crashed before marking them sent) are dropped as duplicates
    const again = await publisher.publishBatch(ids.slice(0, 50).map((id) => ({ subject: 'trial.expiring', id, payload: '{}' })));
    expect(again.every((o) => o.ok && o.duplicate)).toBe(true);
    expect((await jsm.streams.info(name)).state.messages).toBe(COUNT);
    process.stdout.write(`[cluster] leader ${leader.name} killed: slowest publish ${slowestMs} ms, ${publisher.retries} retries\n`);
    expect(slowestMs).toBeLessThan(DUPLICATE_WINDOW_MS);
    await leader.start();
    await cluster.waitReady();
  });
});
