import { busyConsumers, listConsumers } from '../checkers/consumers';
import type { ChaosWorld } from './chaos-world';

/**
 * Waits until the pipeline holds no work: the outbox is published and every durable consumer has
 * neither undelivered nor unacknowledged messages, twice in a row. A message in flight in a killed
 * process counts as unacknowledged until it is redelivered (ack_wait) and handled.
 */
export async function waitForQuiescence(world: ChaosWorld, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let last = '';
  while (calm < 2) {
    const unsent = await world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`).catch(() => -1);
    const busy = await listConsumers(world.jsm, world.namespace).then(busyConsumers, (e: Error) => [e.message]);
    last = `${unsent} outbox rows unsent; busy: ${busy.join(', ')}`;
    calm = unsent === 0 && busy.length === 0 ? calm + 1 : 0;
    if (calm >= 2) return;
    if (Date.now() > deadline) throw new Error(`no quiescence within ${timeoutMs} ms: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
