/** What the platform's callback made of a forwarded notification. */
export type ForwardResult = { ok: true } | { ok: false; kind: 'refused' | 'unreachable'; reason: string };

/** Passes a PayTR notification that is not billing's on to the platform's callback (issue 18, point 3). */
export interface PaytrNotificationForwarder {
  /** The form exactly as PayTR posted it; `ok` only when the platform answered 200 with the body `OK`. */
  forward(form: string): Promise<ForwardResult>;
}

/**
 * POSTs the form, unchanged, to PAYTR_FORWARD_URL. The platform's `POST /billing/callback`
 * (mstfkrdnz/youarecoder, app/routes/billing.py `payment_callback`) answers `OK` with 200 when it processed
 * the notification, 400 for a bad hash, 404 for an order it does not know and 500 otherwise; PayTR repeats a
 * notification until it reads `OK`, so anything else is passed back to PayTR as a failure.
 */
export class HttpPaytrForwarder implements PaytrNotificationForwarder {
  constructor(
    private readonly url: string,
    private readonly timeoutMs: number,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async forward(form: string): Promise<ForwardResult> {
    let response: Response;
    try {
      response = await this.fetchFn(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return { ok: false, kind: 'unreachable', reason: `${this.url} did not answer (${cause ?? (error as Error).message})` };
    }
    const text = (await response.text().catch(() => '')).trim();
    if (response.status === 200 && text === 'OK') return { ok: true };
    return { ok: false, kind: 'refused', reason: `${this.url} answered ${response.status} ${JSON.stringify(text.slice(0, 200))}` };
  }
}
