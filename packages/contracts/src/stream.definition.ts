/** A JetStream stream as the contracts define it; messaging provisions it (with the namespace applied). */
export interface StreamDefinition {
  /** Stream name without namespace, e.g. `CLOCK`. */
  readonly name: string;
  /** Subjects without namespace, e.g. `clock.tick.>`. */
  readonly subjects: readonly string[];
  /** Retention by age, in milliseconds (limits retention). */
  readonly maxAgeMs: number;
  /**
   * `limits` (default): kept until maxAgeMs. `workqueue`: a message is removed once a consumer acks it
   * (one consumer per subject); for work items shared by the replicas of one service.
   */
  readonly retention?: 'limits' | 'workqueue';
  readonly description: string;
}
