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
        const led = (name: string) => Object.entries(streamLeaders).filter(([, leader]) => leader === name).map(([stream]) => stream);
        // the node leading the fewest streams, never the meta leader nor LIFECYCLE's leader
        const [node] = w.cluster.nodes
          .filter((n) => n.name !== metaLeader && streamLeaders.LIFECYCLE !== n.name)
          .sort((a, b) => led(a.name).length - led(b.name).length);
        victim = node.name;
        await node.kill();
        const readyMs = await w.cluster.waitReady();
        return {
          injected: `SIGKILL of ${node.name} (not the meta leader ${metaLeader} nor LIFECYCLE's leader ${streamLeaders.LIFECYCLE}; it led ${led(node.name).join(', ') || 'no stream'}), kept down to the end`,
          figures: { killed: node.name, streamsItLed: led(node.name).length, everyStreamLedAfterMs: readyMs },
        };
      },
    });
    expectClusterRunSound(run);
    expect(world.cluster.node(victim).running).toBe(false);
  });
});
