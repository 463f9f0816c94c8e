import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import type { z } from 'zod';
import { isoId } from '@lifecycle/contracts';
import type { Namespace } from '@lifecycle/messaging';
import type { ClockLog } from './clock.log';
import { FutureTickError, NotSimulatedError, SimulatedTimeConflictError, TicksNotPublishedError, TooManySlotsError } from './clock.errors';
import { CLOCK_CONTROL_QUEUE, type ClockControlSubject, type ControlReply } from './clock-control.schemas';
import type { FiredTick } from './fired-tick';

export interface ControlOutcome {
  now: Date;
  ticks: FiredTick[];
}

const EXPECTED_ERRORS = [NotSimulatedError, FutureTickError, TooManySlotsError, TicksNotPublishedError, SimulatedTimeConflictError];

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/**
 * Serves the `clock.control.*` request subjects in queue group `clock`: parses the JSON body with its
 * schema, runs the handler, answers `{ok: true, now, ticks}` or `{ok: false, error}`. Handlers run
 * concurrently; close() stops taking requests and waits for those in flight.
 */
export class ClockControlServer {
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: Namespace,
    private readonly log: ClockLog,
  ) {}

  serve<S extends z.ZodType>(subject: ClockControlSubject, schema: S, handle: (request: z.output<S>) => Promise<ControlOutcome>): void {
    const subscription = this.nc.subscribe(this.namespace.subject(subject), {
      queue: CLOCK_CONTROL_QUEUE,
      callback: (error, msg) => {
        if (error) return this.log.error(`${subject}: subscription failed: ${error.message}`);
        const done = this.answer(subject, msg, schema, handle).finally(() => this.inFlight.delete(done));
        this.inFlight.add(done);
      },
    });
    this.subscriptions.push(subscription);
  }

  async close(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.drain().catch(() => undefined)));
    await Promise.all([...this.inFlight]);
  }

  private async answer<S extends z.ZodType>(
    subject: string,
    msg: Msg,
    schema: S,
    handle: (request: z.output<S>) => Promise<ControlOutcome>,
  ): Promise<void> {
    let reply: ControlReply;
    let body: unknown;
    try {
      body = msg.data.length ? msg.json() : {};
    } catch {
      body = undefined;
    }
    const request = body === undefined ? undefined : schema.safeParse(body);
    if (!request) reply = { ok: false, error: `invalid ${subject} request: not JSON` };
    else if (!request.success) reply = { ok: false, error: `invalid ${subject} request: ${describeIssues(request.error.issues)}` };
    else {
      try {
        const outcome = await handle(request.data);
        reply = {
          ok: true,
          now: outcome.now.toISOString(),
          ticks: outcome.ticks.map((t) => ({ id: t.id, schedule: t.schedule, scheduledAt: isoId(t.scheduledAt), trigger: t.trigger })),
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!EXPECTED_ERRORS.some((type) => error instanceof type)) this.log.error(`${subject} failed: ${message}`);
        reply = { ok: false, error: message, ...(error instanceof TicksNotPublishedError ? { pending: [...error.pending] } : {}) };
      }
    }
    if (msg.reply) msg.respond(JSON.stringify(reply));
  }
}
