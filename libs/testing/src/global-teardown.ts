import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { testInfra, withDatabase } from './infra';
import { stopContainers } from './containers';

/** Drops this run's databases and streams, so runs leave nothing behind on shared servers. */
export default async function globalTeardown(): Promise<void> {
  const infra = testInfra();
  const admin = new Client({ connectionString: withDatabase(infra.databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`lc_t_${infra.runId}_%`, infra.templateDatabase],
    );
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }

  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      // KV buckets (simulated time) are streams named KV_<bucket>.
      if (name.startsWith(`t${infra.runId}`) || name.startsWith(`KV_t${infra.runId}`)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
  await stopContainers();
}
