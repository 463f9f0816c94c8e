import { ChaosWorld } from './support/chaos-world';
import { expectClusterRunSound } from './support/cluster-expectations';
import { runClusterScenario } from './support/cluster-run';

describe('scenario 10: three-node NATS cluster, a node that is not a leader killed (SIGKILL) mid-run and kept down', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('10-cluster-follower-down', { cluster: true, mailjetLatencyMs: 40 });
  });

  afterAll(() => world?.dispose());

  it('loses and doubles nothing on two nodes of three', async () => {
    let victim = '';
    const run = await runClusterScenario(world, {
      scenario: '10 cluster: a follower SIGKILLed, down until the end',
      inject: async (w) => {
        const { metaLeader, streamLeaders } = await w.cluster.state();
        // not the meta leader nor LIFECYCLE's leader; what it still leads (streams, consumers) is handed over first
        const node = w.cluster.nodes.find((n) => n.name !== metaLeader && streamLeaders.LIFECYCLE !== n.name)!;
        victim = node.name;
        const stepDowns = await w.cluster.shedLeadership(node.name);
        const after = await w.cluster.state();
        if (after.metaLeader === node.name) throw new Error(`${node.name} became the meta leader; rerun`);
        const faultAt = Date.now();
        await node.kill();
        const readyMs = await w.cluster.waitReady();
        return {
          injected: `SIGKILL of ${node.name}, a follower of every stream and consumer (${stepDowns} leaderships handed over just before; meta leader ${after.metaLeader}), kept down to the end`,
          faultAt,
          figures: { killed: node.name, stepDowns, clusterReadyAfterKillMs: readyMs },
        };
      },
    });
    expectClusterRunSound(run);
    expect(world.cluster.node(victim).running).toBe(false);
  });
});
