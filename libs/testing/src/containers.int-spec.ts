import { hostname } from 'node:os';
import { getContainerRuntimeClient } from 'testcontainers';
import { containerImage, OWNER_LABEL, reapOrphans } from './containers';
import { testInfra } from './infra';

const onContainers = testInfra().kind === 'testcontainers';
if (!onContainers) process.stdout.write('\ntestcontainers cleanup test NOT RUN: this run uses the local services\n');

(onContainers ? describe : describe.skip)('testcontainers cleanup (Ryuk off)', () => {
  it("this run's containers carry the owner label of a living process", async () => {
    const client = await getContainerRuntimeClient();
    const mine = await client.container.dockerode.listContainers({ filters: { label: [OWNER_LABEL] } });
    const owners = mine.map((c) => c.Labels[OWNER_LABEL]).filter((owner) => owner.startsWith(`${hostname()}:`));
    expect(owners.length).toBeGreaterThanOrEqual(2);
    for (const owner of owners) expect(() => process.kill(Number(owner.split(':')[1]), 0)).not.toThrow();
  });

  it('removes the containers of a run whose process is gone, and only those', async () => {
    const client = await getContainerRuntimeClient();
    const create = (owner: string) =>
      client.container.dockerode.createContainer({ Image: containerImage('nats'), Labels: { [OWNER_LABEL]: owner } });
    const dead = await create(`${hostname()}:2147483646`);
    const otherHost = await create('another-host:2147483646');
    try {
      const removed = await reapOrphans(client);
      expect(removed).toContain(dead.id);
      expect(removed).not.toContain(otherHost.id);
      await expect(dead.inspect()).rejects.toThrow(/no such container/i);
      expect((await otherHost.inspect()).Id).toBe(otherHost.id);
    } finally {
      await otherHost.remove({ force: true });
      await dead.remove({ force: true }).catch(() => undefined);
    }
  });
});
