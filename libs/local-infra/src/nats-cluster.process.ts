import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { findFreePort } from './free-port';
import { natsNode, natsServerBinary, type NatsServerProcess } from './nats-server.process';

export interface NatsClusterOptions {
  /** Nodes in the cluster (3 by default). */
  size?: number;
  /** Each node logs to `<logDir>/nats-<name>.log`. */
  logDir?: string;
  binary?: string;
  /** The cluster's name (`cluster { name }`). */
  name?: string;
}

export interface NatsClusterNode extends NatsServerProcess {
  /** `server_name`, e.g. `n1`: what stream and meta leaders are reported as. */
  readonly name: string;
  readonly clusterPort: number;
  readonly monitorPort: number;
}

/** What the cluster looks like now, from a running node's monitoring endpoint and JetStream's stream infos. */
export interface NatsClusterState {
  metaLeader: string | null;
  /** Stream name → its leader's server name (null while it has none). */
  streamLeaders: Record<string, string | null>;
}

export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every member's client URL, comma-separated (NATS_URL). */
  readonly url: string;
  readonly version: string;
  readonly syncAlways: boolean;
  node(name: string): NatsClusterNode;
  /** Starts every node that is not running. */
  start(): Promise<void>;
  /** SIGTERM to every node. */
  stop(): Promise<void>;
  /** SIGKILL to every node. */
  kill(): Promise<void>;
  state(): Promise<NatsClusterState>;
  /** Resolves once there is a meta leader and every stream has a leader; returns how long that took. */
  waitReady(timeoutMs?: number): Promise<number>;
  /**
   * Makes `node` lead nothing replicated: every stream and replicated consumer it leads is asked to step
   * down (JetStream's LEADER.STEPDOWN) until others lead them all; returns how many step-downs that took.
   * Single-copy consumers (ordered ones) stay where they are.
   */
  shedLeadership(node: string, timeoutMs?: number): Promise<number>;
  /** The node that leads the stream now (waiting for an election when it has none). */
  leaderOf(stream: string, timeoutMs?: number): Promise<NatsClusterNode>;
  dispose(): Promise<void>;
}

/**
 * A private JetStream cluster of `size` nats-server processes on loopback: each with its own server
 * name (n1, n2, …), client, route and monitoring ports and store folder, routes to all the others, and
 * its own start / stop / SIGKILL. nats-server 2.9 (Debian) clusters; 2.10+ also syncs every write.
 */
export async function startNatsCluster(options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const size = options.size ?? 3;
  const binary = natsServerBinary(options.binary);
  const root = mkdtempSync(join(tmpdir(), 'lc-nats-cluster-'));
  const ports = await distinctFreePorts(size * 3);
  const names = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const clusterPorts = names.map((_, i) => ports[size + i]);
  const clusterName = options.name ?? 'lifecycle';
  const nodes: NatsClusterNode[] = names.map((name, i) => {
    const [port, clusterPort, monitorPort] = [ports[i], clusterPorts[i], ports[2 * size + i]];
    const routes = clusterPorts.filter((_, j) => j !== i).map((p) => `nats-route://127.0.0.1:${p}`);
    const node = natsNode({
      ...binary,
      port,
      storeDir: join(root, name),
      ownStore: false,
      logFile: options.logDir ? join(options.logDir, `nats-${name}.log`) : undefined,
      extraConfig: [
        `server_name: ${name}`,
        `http: "127.0.0.1:${monitorPort}"`,
        `cluster {`,
        `  name: ${clusterName}`,
        `  listen: "127.0.0.1:${clusterPort}"`,
        `  routes: [${routes.map((r) => JSON.stringify(r)).join(', ')}]`,
        `}`,
      ],
    });
    return Object.assign(node, { name, clusterPort, monitorPort }) as NatsClusterNode;
  });
  const cluster = natsCluster(nodes, root, binary);
  await cluster.start();
  await cluster.waitReady();
  return cluster;
}

function natsCluster(nodes: NatsClusterNode[], root: string, binary: { version: string; syncAlways: boolean }): NatsCluster {
  const url = nodes.map((n) => n.url).join(',');
  const byName = (name: string) => {
    const found = nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no node named ${name} (nodes: ${nodes.map((n) => n.name).join(', ')})`);
    return found;
  };
  /** A JetStream manager on a fresh connection to the running nodes, closed after `use`. */
  const withManager = async <T>(timeoutMs: number, use: (jsm: JetStreamManager, nc: NatsConnection) => Promise<T>): Promise<T> => {
    const nc = await connect({ servers: nodes.filter((n) => n.running).map((n) => n.url), timeout: 2_000, maxReconnectAttempts: 0 });
    try {
      return await use(await jetstreamManager(nc, { timeout: timeoutMs }), nc);
    } finally {
      await nc.close();
    }
  };
  const state = async (): Promise<NatsClusterState> => {
    const running = nodes.filter((n) => n.running);
    const metaLeader = await firstAnswer(running.map((n) => () => metaLeaderSeenBy(n)));
    if (!metaLeader) return { metaLeader: null, streamLeaders: {} };
    return withManager(3_000, async (jsm) => {
      // names come from the meta leader; a stream without a leader does not answer its info (nor appear in a list)
      const streamLeaders: Record<string, string | null> = {};
      for await (const name of jsm.streams.names()) {
        streamLeaders[name] = await jsm.streams.info(name).then((info) => info.cluster?.leader || null, () => null);
      }
      return { metaLeader, streamLeaders };
    });
  };
  const until = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      try {
        const value = await probe();
        if (value !== null) return value;
      } catch (error) {
        last = `: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (Date.now() > deadline) throw new Error(`NATS cluster: ${what} not within ${timeoutMs} ms${last}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    nodes,
    url,
    version: binary.version,
    syncAlways: binary.syncAlways,
    node: byName,
    start: async () => {
      await Promise.all(nodes.map((n) => n.start()));
    },
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
    kill: async () => {
      await Promise.all(nodes.map((n) => n.kill()));
    },
    state,
    waitReady: async (timeoutMs = 60_000) => {
      const started = Date.now();
      await until('a meta leader and a leader for every stream', timeoutMs, async () => {
        const now = await state();
        return now.metaLeader && Object.values(now.streamLeaders).every(Boolean) ? true : null;
      });
      return Date.now() - started;
    },
    shedLeadership: (name, timeoutMs = 60_000) =>
      withManager(3_000, async (jsm, nc) => {
        const deadline = Date.now() + timeoutMs;
        const assets: { api: string; leader: () => Promise<string | undefined> }[] = [];
        for await (const stream of jsm.streams.list()) {
          const s = stream.config.name;
          assets.push({ api: `STREAM.LEADER.STEPDOWN.${s}`, leader: async () => (await jsm.streams.info(s)).cluster?.leader });
          for await (const consumer of jsm.consumers.list(s)) {
            // a single-copy consumer (an ordered one, e.g. a KV watcher) cannot move: its client makes a new one if it is lost
            if (!consumer.cluster?.replicas?.length) continue;
            const c = consumer.name;
            assets.push({ api: `CONSUMER.LEADER.STEPDOWN.${s}.${c}`, leader: async () => (await jsm.consumers.info(s, c)).cluster?.leader });
          }
        }
        // one asset at a time: a step-down elects among all its peers, so it may land on `name` again
        let stepDowns = 0;
        for (const asset of assets) {
          for (;;) {
            const leader = await asset.leader().catch(() => undefined);
            if (leader && leader !== name) break;
            if (Date.now() > deadline) throw new Error(`NATS cluster: ${name} still leads ${asset.api} after ${timeoutMs} ms`);
            if (leader === name) {
              await nc.request(`$JS.API.${asset.api}`, '', { timeout: 3_000 }).catch(() => undefined);
              stepDowns++;
            }
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
        return stepDowns;
      }),
    leaderOf: (stream, timeoutMs = 60_000) =>
      until(`a leader of ${stream}`, timeoutMs, async () => {
        // only this stream's info, with a short timeout: while it has no leader nobody answers
        const leader = await withManager(500, (jsm) => jsm.streams.info(stream).then((info) => info.cluster?.leader || null, () => null));
        return leader ? byName(leader) : null;
      }),
    dispose: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The meta leader as one node's monitoring endpoint (`/jsz`) reports it; null while there is none. */
async function metaLeaderSeenBy(node: NatsClusterNode): Promise<string | null> {
  const response = await fetch(`http://127.0.0.1:${node.monitorPort}/jsz`, { signal: AbortSignal.timeout(2_000) });
  const body = (await response.json()) as { meta_cluster?: { leader?: string } };
  return body.meta_cluster?.leader || null;
}

async function firstAnswer<T>(probes: (() => Promise<T | null>)[]): Promise<T | null> {
  for (const probe of probes) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
  }
  return null;
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}
