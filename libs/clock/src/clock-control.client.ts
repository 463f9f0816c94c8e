import { RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import type { Namespace } from '@lifecycle/messaging';
import { CLOCK_CONTROL, controlReplySchema, type ClockControlSubject, type ControlReply } from './clock-control.schemas';

export class NoClockAnsweredError extends Error {
  constructor(subject: ClockControlSubject, reason: 'no-responders' | 'timeout', timeoutMs: number) {
    const simulated = subject === CLOCK_CONTROL.run ? '' : ', and in simulated mode (CLOCK_MODE=simulated)';
    super(
      reason === 'no-responders'
        ? `no clock service answered on ${subject}: is the clock running, with the same NATS_URL and LIFECYCLE_NAMESPACE${simulated}?`
        : `no clock service answered on ${subject} within ${Math.round(timeoutMs / 1000)} s: the clock may still be firing ` +
            'ticks (see `lifecyclectl timers`), or it is not running',
    );
    this.name = 'NoClockAnsweredError';
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof TimeoutError || (error instanceof Error && error.cause instanceof TimeoutError);
}

/** Sends one control request and returns the clock's validated reply. */
export async function requestClock(
  nc: NatsConnection,
  namespace: Namespace,
  subject: ClockControlSubject,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<ControlReply> {
  let raw: unknown;
  try {
    raw = (await nc.request(namespace.subject(subject), JSON.stringify(body), { timeout: timeoutMs })).json();
  } catch (error) {
    if (error instanceof RequestError && error.isNoResponders()) throw new NoClockAnsweredError(subject, 'no-responders', timeoutMs);
    if (isTimeout(error)) throw new NoClockAnsweredError(subject, 'timeout', timeoutMs);
    throw error;
  }
  const reply = controlReplySchema.safeParse(raw);
  if (!reply.success) throw new Error(`the clock answered ${subject} with an unexpected body: ${reply.error.message}`);
  return reply.data;
}
