/** What the relay needs from the transport; `JetStreamPublisher` (@lifecycle/messaging) satisfies it. */
export interface OutboxPublisher {
  /** Pipelined; outcomes in input order. `id` is sent as Nats-Msg-Id. */
  publishBatch(messages: readonly { subject: string; id: string; payload: string }[]): Promise<OutboxPublishOutcome[]>;
}

export type OutboxPublishOutcome = { ok: true; id: string; seq: number; duplicate: boolean } | { ok: false; id: string; error: Error };
