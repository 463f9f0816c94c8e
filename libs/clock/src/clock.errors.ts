import { isoId } from '@lifecycle/contracts';

/** advance/set asked of a clock that runs on the wall clock. */
export class NotSimulatedError extends Error {
  constructor(operation: string) {
    super(`the clock runs in system mode (CLOCK_MODE=system): ${operation} needs CLOCK_MODE=simulated`);
    this.name = 'NotSimulatedError';
  }
}

/** A manual tick for a time the clock has not reached: sweeps would act before their time. */
export class FutureTickError extends Error {
  constructor(at: Date, now: Date) {
    super(`--at ${isoId(at)} is later than the clock's now (${isoId(now)}): a tick never runs ahead of time`);
    this.name = 'FutureTickError';
  }
}

/** One simulated move would fire more ticks than a request may; smaller steps work. */
export class TooManySlotsError extends Error {
  constructor(limit: number, from: Date, to: Date) {
    super(`moving simulated time from ${isoId(from)} to ${isoId(to)} would fire more than ${limit} ticks: advance in smaller steps`);
    this.name = 'TooManySlotsError';
  }
}

/** The ticks are committed (they will be published) but no relay published them in time. */
export class TicksNotPublishedError extends Error {
  constructor(
    readonly pending: readonly string[],
    timeoutMs: number,
  ) {
    const shown = pending.slice(0, 5).join(', ') + (pending.length > 5 ? `, … (${pending.length} in all)` : '');
    super(
      `${pending.length} tick(s) committed but not published within ${timeoutMs / 1000} s: ${shown}; ` +
        'the outbox relay publishes them once NATS accepts them',
    );
    this.name = 'TicksNotPublishedError';
  }
}

/** The simulated time was moved by someone else while this request moved it. */
export class SimulatedTimeConflictError extends Error {
  constructor() {
    super('the simulated time changed while this request moved it (another writer of the CLOCK_STATE bucket?); try again');
    this.name = 'SimulatedTimeConflictError';
  }
}
