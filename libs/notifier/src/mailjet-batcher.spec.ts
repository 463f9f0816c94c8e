import type { BatchOutcome, MailjetApi, MailjetMessage } from './mailjet.api';
import { MailjetBatcher } from './mailjet-batcher';
import { TransientMailError } from './mail.errors';
import { NO_METRICS } from './notifier.metrics';

const message = (n: number, email = `user${n}@example.com`): MailjetMessage => ({
  From: { Email: 'billing@example.com' },
  To: [{ Email: email }],
  Subject: `mail ${n}`,
  TextPart: 'text',
  CustomID: `key-${n}`,
});

/** Answers each request with the next scripted outcome, or per-message success. */
class ScriptedApi implements MailjetApi {
  readonly requests: MailjetMessage[][] = [];
  constructor(private readonly script: ((batch: readonly MailjetMessage[]) => BatchOutcome)[] = []) {}

  async send(messages: readonly MailjetMessage[]): Promise<BatchOutcome> {
    this.requests.push([...messages]);
    const next = this.script.shift();
    if (next) return next(messages);
    return { kind: 'per-message', outcomes: messages.map((m) => ({ ok: true, messageId: `id-${m.CustomID}` })) };
  }

  async findByCustomId(): Promise<string | null> {
    return null;
  }
}

function batcher(api: MailjetApi, options: Partial<ConstructorParameters<typeof MailjetBatcher>[1]> = {}) {
  return new MailjetBatcher(api, { maxBatch: 50, lingerMs: 10, retryAfterCapMs: 60_000, metrics: NO_METRICS, ...options });
}

describe('MailjetBatcher', () => {
  it('sends concurrent messages in requests of at most 50, each caller getting its own outcome', async () => {
    const api = new ScriptedApi();
    const b = batcher(api);
    const outcomes = await Promise.all(Array.from({ length: 120 }, (_, i) => b.send(message(i))));
    expect(api.requests.map((r) => r.length)).toEqual([50, 50, 20]);
    expect(outcomes[0]).toEqual({ ok: true, messageId: 'id-key-0' });
    expect(outcomes[119]).toEqual({ ok: true, messageId: 'id-key-119' });
  });

  it('sends a lone message after the linger', async () => {
    const api = new ScriptedApi();
    const started = performance.now();
    await batcher(api, { lingerMs: 30 }).send(message(1));
    expect(api.requests).toHaveLength(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('sends one message per request when batching is off', async () => {
    const api = new ScriptedApi();
    const b = batcher(api, { maxBatch: 1, lingerMs: 0 });
    await Promise.all([1, 2, 3].map((n) => b.send(message(n))));
    expect(api.requests.map((r) => r.length)).toEqual([1, 1, 1]);
  });

  it('resolves a partly failed batch per message: the invalid one fails, the others are sent', async () => {
    const api = new ScriptedApi([
      (batch) => ({
        kind: 'per-message',
        outcomes: batch.map((m) =>
          m.To[0].Email === 'bad@example.com' ? { ok: false, error: 'mailjet 400 mj-0013: invalid', permanent: true } : { ok: true, messageId: m.CustomID },
        ),
      }),
    ]);
    const b = batcher(api);
    const outcomes = await Promise.all([b.send(message(1)), b.send(message(2, 'bad@example.com')), b.send(message(3))]);
    expect(outcomes).toEqual([
      { ok: true, messageId: 'key-1' },
      { ok: false, error: 'mailjet 400 mj-0013: invalid', permanent: true },
      { ok: true, messageId: 'key-3' },
    ]);
    expect(api.requests).toHaveLength(1);
  });

  it('honours Retry-After: waits, then sends the same batch again', async () => {
    const waits: number[] = [];
    const api = new ScriptedApi([() => ({ kind: 'rate-limited', retryAfterMs: 2_000 })]);
    const b = batcher(api, { sleep: async (ms) => void waits.push(ms) });
    const outcomes = await Promise.all([b.send(message(1)), b.send(message(2))]);
    expect(waits).toEqual([2_000]);
    expect(api.requests.map((r) => r.map((m) => m.CustomID))).toEqual([
      ['key-1', 'key-2'],
      ['key-1', 'key-2'],
    ]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('gives the messages back as transient failures when Retry-After exceeds the cap', async () => {
    const api = new ScriptedApi([() => ({ kind: 'rate-limited', retryAfterMs: 120_000 })]);
    const error = await batcher(api, { sleep: async () => undefined }).send(message(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientMailError);
    expect(error).toMatchObject({ retryAfterMs: 120_000, maybeAccepted: false });
  });

  it('fails every message of a request that failed as a whole (5xx, network) as transient', async () => {
    const api = new ScriptedApi([() => ({ kind: 'transient', error: 'mailjet 500', maybeAccepted: true })]);
    const b = batcher(api);
    const results = await Promise.allSettled([b.send(message(1)), b.send(message(2))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ name: 'TransientMailError', message: 'mailjet 500', maybeAccepted: true });
  });

  it('retries each message alone when a request is refused without per-message results', async () => {
    const api = new ScriptedApi([
      () => ({ kind: 'rejected', error: 'mailjet 413' }),
      () => ({ kind: 'per-message', outcomes: [{ ok: true, messageId: '1' }] }),
      () => ({ kind: 'rejected', error: 'mailjet 400: bad message' }),
    ]);
    const b = batcher(api);
    const outcomes = await Promise.all([b.send(message(1)), b.send(message(2))]);
    expect(api.requests.map((r) => r.length)).toEqual([2, 1, 1]);
    expect(outcomes).toEqual([
      { ok: true, messageId: '1' },
      { ok: false, error: 'mailjet 400: bad message', permanent: true },
    ]);
  });
});
