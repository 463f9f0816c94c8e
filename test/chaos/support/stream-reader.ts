import { jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export interface StoredMessage {
  seq: number;
  subject: string;
  msgId: string | undefined;
  /** When the stream stored it (ms since the epoch). */
  time: number;
  data: Uint8Array;
  json<T = unknown>(): T;
}

/**
 * Every message of a stream, read with an ordered consumer from the first to the last stored one. On a
 * cluster with a node down, creating the ordered consumer may time out (nats-server 2.9 can place it on
 * the missing peer): it is tried again, up to five times.
 */
export async function readStream(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await readOnce(nc, stream);
    } catch (error) {
      if (attempt >= 5 || (error as Error).name !== 'TimeoutError') throw error;
      process.stdout.write(`[chaos] reading ${stream}: ${(error as Error).message}, attempt ${attempt + 1}\n`);
    }
  }
}

async function readOnce(nc: NatsConnection, stream: string): Promise<StoredMessage[]> {
  const jsm = await jetstreamManager(nc);
  const { state } = await jsm.streams.info(stream);
  if (state.messages === 0) return [];
  const consumer = await jetstream(nc).consumers.get(stream);
  const out: StoredMessage[] = [];
  const messages = await consumer.consume({ max_messages: 2_000 });
  const collect = (m: JsMsg) => {
    const data = m.data;
    out.push({ seq: m.seq, subject: m.subject, time: m.info.timestampNanos / 1e6, msgId: m.headers?.get('Nats-Msg-Id') || undefined, data, json: <T>() => JSON.parse(new TextDecoder().decode(data)) as T });
  };
  for await (const m of messages) {
    collect(m);
    if (m.info.pending === 0 && m.seq >= state.last_seq) break;
  }
  await messages.close();
  return out;
}
