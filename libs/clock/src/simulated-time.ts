/** The shared simulated "now" (a JetStream KV key, shared-simulated.clock.ts), as the use cases see it. */
export interface SimulatedTime {
  /** The latest value this process has seen. */
  now(): Date;
  /** Reads the stored value, for a writer that must not start from a stale one. */
  refresh(): Promise<Date>;
  /** Stores a new value; fails when someone else stored one since this process last read or wrote it. */
  set(at: Date): Promise<void>;
  /** Called with every new value, in order; returns the unsubscribe function. */
  onChange(listener: (at: Date) => void): () => void;
}
