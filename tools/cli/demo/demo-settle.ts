import type { JetStreamManager } from '@nats-io/jetstream';
import type { Client } from 'pg';
import type { Namespace } from '@lifecycle/messaging';

const STREAMS = ['CLOCK', 'LIFECYCLE', 'WORKSPACE', 'NOTIFICATION', 'HEALTH'];

async function busy(db: Client, jsm: JetStreamManager, namespace: Namespace): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_events WHERE sent_at IS NULL`);
  if (rows[0].n > 0) return true;
  for (const stream of STREAMS) {
    for await (const consumer of jsm.consumers.list(namespace.stream(stream))) {
      if (consumer.num_pending > 0 || consumer.num_ack_pending > 0) return true;
    }
  }
  return false;
}

/** Waits until every event is published and every consumer has handled everything (twice quiet in a row). */
export async function settle(db: Client, jsm: JetStreamManager, namespace: Namespace, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (quiet < 2) {
    if (Date.now() > deadline) throw new Error(`the services did not finish their work within ${timeoutMs / 1000} s`);
    quiet = (await busy(db, jsm, namespace)) ? 0 : quiet + 1;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}
