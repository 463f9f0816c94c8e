import type { NatsConnection, ServerInfo } from '@nats-io/transport-node';

export const MAX_STREAM_REPLICAS = 5;

/** STREAM_REPLICAS asks for more copies than the NATS cluster has servers; names the variable and both sizes. */
export class StreamReplicasError extends Error {
  constructor(
    readonly replicas: number,
    readonly clusterSize: number,
    server: string,
  ) {
    super(
      `STREAM_REPLICAS=${replicas}, but the NATS ${clusterSize === 1 ? 'server is not clustered' : `cluster has ${clusterSize} servers`} ` +
        `(cluster size ${clusterSize}, as ${server} reports): set STREAM_REPLICAS to at most ${clusterSize}, or add servers to the cluster`,
    );
    this.name = 'StreamReplicasError';
  }
}

/**
 * How many servers the cluster has, as the server we are connected to reports it: 1 when it is not in a
 * cluster, else the client URLs it advertises for every member (`connect_urls`, itself included).
 */
export function reportedClusterSize(info: Pick<ServerInfo, 'cluster' | 'connect_urls'> | undefined): number {
  if (!info?.cluster) return 1;
  return Math.max(1, new Set(info.connect_urls ?? []).size);
}

/** Fails at boot when STREAM_REPLICAS exceeds the cluster's size, instead of at the first stream JetStream cannot place. */
export function assertReplicasFitCluster(nc: NatsConnection, replicas: number): void {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > MAX_STREAM_REPLICAS) {
    throw new RangeError(`STREAM_REPLICAS must be a whole number from 1 to ${MAX_STREAM_REPLICAS}, not ${replicas}`);
  }
  const size = reportedClusterSize(nc.info);
  if (replicas > size) throw new StreamReplicasError(replicas, size, nc.info?.server_name ?? nc.getServer());
}

/**
 * The replica count to apply to an existing stream: raised to the wanted one, never lowered (docs/decisions.md,
 * "STREAM_REPLICAS on existing streams"); `drift` is set when the stream has more copies than wanted.
 */
export function replicasToApply(current: number, wanted: number): { replicas: number; drift: boolean } {
  return current > wanted ? { replicas: current, drift: true } : { replicas: wanted, drift: false };
}

/** The operator's command that lowers a stream's copies by hand (the NATS CLI). */
export function lowerReplicasCommand(stream: string, replicas: number): string {
  return `nats stream edit ${stream} --replicas ${replicas} --force`;
}
