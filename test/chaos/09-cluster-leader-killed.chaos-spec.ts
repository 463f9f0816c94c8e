import { ChaosWorld } from './support/chaos-world';
import { expectClusterRunSound } from './support/cluster-expectations';
import { runClusterScenario } from './support/cluster-run';

const DOWN_MS = 30_000;

describe('scenario 9: three-node NATS cluster, the LIFECYCLE stream leader killed (SIGKILL) mid-run and restarted 30 s later', () => {
  let world: ChaosWorld;

  beforeAll(async () => {
    world = await ChaosWorld.create('09-cluster-leader-killed', { cluster: true, mailjetLatencyMs: 40 });
  });

  afterAll(() => world?.dispose());

  it('loses and doubles nothing; a new leader takes over and the services stay up', async () => {
    const run = await runClusterScenario(world, {
      scenario: '9 cluster: LIFECYCLE leader SIGKILLed, back after 30 s',
      inject: async (w) => {
        const before = await w.cluster.state();
        const leader = await w.cluster.leaderOf('LIFECYCLE');
        const killedAt = Date.now();
        await leader.kill();
        const successor = await w.cluster.leaderOf('LIFECYCLE');
        const electionMs = Date.now() - killedAt;
        const settled = new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, killedAt + DOWN_MS - Date.now()))).then(async () => {
          await leader.start();
          await w.cluster.waitReady();
        });
        return {
          injected: `SIGKILL of ${leader.name} (leader of LIFECYCLE; meta leader ${before.metaLeader}); ${successor.name} led LIFECYCLE after ${electionMs} ms; ${leader.name} restarted ${DOWN_MS / 1000} s after the kill`,
          settled,
          figures: { killed: leader.name, newLeader: successor.name, electionMs },
        };
      },
    });
    expectClusterRunSound(run);
  });
});
