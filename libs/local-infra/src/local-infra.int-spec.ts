import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Client } from 'pg';
import { startNatsServer } from './nats-server.process';
import { startPostgresCluster } from './postgres-cluster.process';

jest.setTimeout(120_000);

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('a private PostgreSQL cluster', () => {
  it('starts on a free port, keeps committed data over a kill -9 and a clean restart, and disposes of its folder', async () => {
    const cluster = await startPostgresCluster();
    try {
      const url = await cluster.createDatabase('chaos');
      await query(url, `CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2)`);
      expect(await query(url, `SHOW fsync`)).toEqual([{ fsync: 'on' }]);

      await cluster.kill();
      await expect(query(url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      await cluster.start();
      expect(await query(url, `SELECT sum(n)::int AS s FROM t`)).toEqual([{ s: 3 }]);

      await cluster.restart();
      expect(await query(url, `SELECT count(*)::int AS c FROM t`)).toEqual([{ c: 2 }]);
    } finally {
      await cluster.dispose();
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(cluster.dir)).toBe(false);
  });
});

describe('a private nats-server', () => {
  it('keeps a stream over a stop and a kill -9 on the same store', async () => {
    const server = await startNatsServer();
    try {
      expect(server.version).toMatch(/^\d+\.\d+\.\d+$/);
      const publishSome = async (from: number) => {
        const nc = await connect({ servers: server.url });
        const jsm = await jetstreamManager(nc);
        await jsm.streams.add({ name: 'S', subjects: ['s.>'] }).catch(() => undefined);
        for (let i = from; i < from + 5; i++) await jetstream(nc).publish('s.x', String(i));
        const { state } = await jsm.streams.info('S');
        await nc.close();
        return state.messages;
      };
      expect(await publishSome(0)).toBe(5);
      await server.stop();
      await server.start();
      expect(await publishSome(5)).toBe(10);
      await server.kill();
      await server.start();
      expect(await publishSome(10)).toBe(15);
    } finally {
      await server.dispose();
    }
  });
});
