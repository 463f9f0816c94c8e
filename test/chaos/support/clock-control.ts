import type { NatsConnection } from '@nats-io/transport-node';
import type { Namespace } from '@lifecycle/messaging';

export interface ClockReply {
  ok: boolean;
  now?: string;
  error?: string;
  ticks?: { id: string }[];
}

/** One `clock.control.*` request (core NATS request/reply, docs/clock.md); null when no reply came in time. */
export async function clockControl(
  nc: NatsConnection,
  namespace: Namespace,
  verb: 'advance' | 'set' | 'run',
  body: Record<string, unknown>,
  timeoutMs = 120_000,
): Promise<ClockReply | null> {
  try {
    const reply = await nc.request(namespace.subject(`clock.control.${verb}`), JSON.stringify(body), { timeout: timeoutMs });
    return reply.json<ClockReply>();
  } catch (error) {
    if (/timeout|no responders|503/i.test(String(error)) || /timeout/i.test(String((error as Error).cause))) return null;
    throw error;
  }
}
