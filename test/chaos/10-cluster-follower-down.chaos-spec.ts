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
    let stepDowns = 0;
    const run = await runClusterScenario(world, {
      scenario: '10 cluster: a follower SIGKILLed, down until the end',
      // before the busy day: a node that is not the meta leader hands over what it leads, so the kill hits a pure follower
      prepare: async (w) => {
        const { metaLeader } = await w.cluster.state();
        victim = w.cluster.nodes.find((n) => n.name !== metaLeader)!.name;
        stepDowns = await w.cluster.shedLeadership(victim);
      },
      inject: async (w) => {
        const { metaLeader, streamLeaders } = await w.cluster.state();
        if (metaLeader === victim || Object.values(streamLeaders).includes(victim)) {
          throw new Error(`${victim} leads again (meta leader ${metaLeader}, streams ${JSON.stringify(streamLeaders)}); rerun`);
        }
        const node = w.cluster.node(victim);
        const faultAt = Date.now();
        await node.kill();
        const readyMs = await w.cluster.waitReady();
        return {
          injected: `SIGKILL of ${node.name}, a follower of every stream and replicated consumer (${stepDowns} leaderships handed over before the busy day; meta leader ${metaLeader}), kept down to the end`,
          faultAt,
          figures: { killed: node.name, stepDowns, clusterReadyAfterKillMs: readyMs },
        };
      },
    });
    expectClusterRunSound(run);
    expect(world.cluster.node(victim).running).toBe(false);
  });
});
