import { ChaosWorld } from './support/chaos-world';
import { expectClusterRunSound } from './support/cluster-expectations';
import { runClusterScenario } from './support/cluster-run';

const DOWN_MS = 10_000;

describe('scenario 11: three-node NATS cluster, all three nodes stopped mid-run and started again', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('11-cluster-full-restart', { cluster: true, mailjetLatencyMs: 40 });
  });

  afterAll(() => world?.dispose());

  it('loses and doubles nothing; the services reconnect by themselves', async () => {
    const run = await runClusterScenario(world, {
      scenario: '11 cluster: all three nodes stopped for 10 s, then started',
      inject: async (w) => {
        const stoppedAt = Date.now();
        await w.cluster.stop();
        await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
        const startedAt = Date.now();
        await w.cluster.start();
        const readyMs = await w.cluster.waitReady(120_000);
        return {
          injected: `SIGTERM to all three nodes, ${DOWN_MS / 1000} s down, started again on their stores`,
          figures: { downMs: startedAt - stoppedAt, clusterReadyAfterStartMs: readyMs, clusterReadyAfterStopMs: Date.now() - stoppedAt },
        };
      },
    });
    expectClusterRunSound(run);
  });
});
