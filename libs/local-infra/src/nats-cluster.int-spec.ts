import { existsSync } from 'node:fs';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsCluster, type NatsCluster } from './nats-cluster.process';

jest.setTimeout(120_000);

describe('a private three-node NATS cluster', () => {
  let cluster: NatsCluster;

  beforeAll(async () => {
    cluster = await startNatsCluster();
  });

  afterAll(() => cluster?.dispose());

  async function publishAndCount(from: number): Promise<number> {
    const nc = await connect({ servers: cluster.url.split(','), maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: 'R3', subjects: ['r3.>'], num_replicas: 3 }).catch(() => undefined);
      for (let i = from; i < from + 5; i++) await jetstream(nc).publish('r3.x', String(i), { msgID: `m-${i}` });
      return (await jsm.streams.info('R3')).state.messages;
    } finally {
      await nc.close();
    }
  }

  it('has three members with their own names, ports and store folders, routed to each other', async () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    expect(new Set(cluster.nodes.flatMap((n) => [n.port, n.clusterPort, n.monitorPort])).size).toBe(9);
    expect(new Set(cluster.nodes.map((n) => n.storeDir)).size).toBe(3);
    expect(cluster.url.split(',')).toHaveLength(3);
    const nc = await connect({ servers: cluster.nodes[0].url });
    try {
      expect(nc.info?.cluster).toBe('lifecycle');
      expect(nc.info?.connect_urls).toHaveLength(3);
    } finally {
      await nc.close();
    }
  });

  it('elects another leader when the leader is killed with SIGKILL, and the node rejoins after a restart', async () => {
    expect(await publishAndCount(0)).toBe(5);
    const leader = await cluster.leaderOf('R3');
    await leader.kill();
    expect(leader.running).toBe(false);
    await cluster.waitReady();
    const successor = await cluster.leaderOf('R3');
    expect(successor.name).not.toBe(leader.name);
    expect(await publishAndCount(5)).toBe(10);
    await leader.start();
    await cluster.waitReady();
    expect((await cluster.state()).streamLeaders).toEqual({ R3: expect.any(String) });
    expect(existsSync(leader.storeDir)).toBe(true);
  });

  it('makes a node lead nothing, streams and consumers alike, and the others take over', async () => {
    const nc = await connect({ servers: cluster.url.split(',') });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.consumers.add('R3', { durable_name: 'd', ack_policy: AckPolicy.Explicit });
      const leader = await cluster.leaderOf('R3');
      expect(await cluster.shedLeadership(leader.name)).toBeGreaterThanOrEqual(1);
      expect((await jsm.streams.info('R3')).cluster?.leader).not.toBe(leader.name);
      expect((await jsm.consumers.info('R3', 'd')).cluster?.leader).not.toBe(leader.name);
      await jsm.consumers.delete('R3', 'd');
    } finally {
      await nc.close();
    }
  });

  it('keeps the stream over all three nodes stopped and started again', async () => {
    await cluster.stop();
    expect(cluster.nodes.every((n) => !n.running)).toBe(true);
    await cluster.start();
    await cluster.waitReady();
    expect(await publishAndCount(10)).toBe(15);
  });

  it('counts as not ready while a stream has no leader (two of three nodes down)', async () => {
    const [, second, third] = cluster.nodes;
    await second.kill();
    await third.kill();
    // The survivor may go on reporting leaders for a few seconds, until it notices it lost the quorum.
    const deadline = Date.now() + 30_000;
    let notReady: unknown = null;
    while (!notReady && Date.now() < deadline) {
      notReady = await cluster.waitReady(1_000).then(() => null, (error: unknown) => error);
      if (!notReady) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(String(notReady)).toMatch(/not within 1000 ms/);
    await Promise.all([second.start(), third.start()]);
    await cluster.waitReady();
  });
});
