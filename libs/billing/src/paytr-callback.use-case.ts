import { verifyPaytrCallbackHash, type PaytrNotificationForwarder } from '@lifecycle/payments';
import type { Clock } from '@lifecycle/time';
import { parseAttemptMerchantOid } from './attempt-merchant-oid';
import type { AttemptSettler } from './attempt-settler';
import type { CallbackResult, DunningMetrics } from './dunning-metrics';
import type { RetryStore } from './dunning.store';
import { InvalidPaytrHashError, MalformedPaytrCallbackError, PaytrCallbackNotConfiguredError, PaytrForwardFailedError } from './paytr-callback.errors';
import type { PaytrForwardLog } from './paytr-forward.repository';
import type { SweepLogger } from './sweep.types';

const field = (body: Record<string, unknown>, name: string, required: boolean): string | null => {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  if (required) throw new MalformedPaytrCallbackError(`${name} is missing`);
  return null;
};

/**
 * `POST /webhooks/paytr` (platform-schema.md, "Payments provider: PayTR"): verifies the hash, then completes
 * the attempt the notification names, once. PayTR posts every notification of a store to one URL and repeats
 * it until it reads `OK`; an order that is not one of billing's attempts is passed on unchanged to the
 * platform's callback, and acknowledged only when the platform acknowledged it (issue 18, point 3).
 */
export class PaytrCallbackUseCase {
  constructor(
    private readonly store: RetryStore,
    private readonly settler: AttemptSettler,
    private readonly secrets: { merchantKey: string; merchantSalt: string } | null,
    /** null: PAYTR_FORWARD_URL is unset, and a notification that is not billing's is answered 503. */
    private readonly forwarder: PaytrNotificationForwarder | null,
    private readonly forwards: PaytrForwardLog,
    private readonly clock: Clock,
    private readonly metrics: DunningMetrics,
    private readonly logger: SweepLogger,
  ) {}

  /**
   * Resolves when the notification may be answered `OK`; throws the errors of paytr-callback.errors.ts otherwise.
   * `form` is the body exactly as PayTR posted it (what is forwarded); without it the parsed fields are re-encoded.
   */
  async receive(body: Record<string, unknown>, form?: string): Promise<CallbackResult> {
    if (!this.secrets) throw new PaytrCallbackNotConfiguredError();
    const merchantOid = field(body, 'merchant_oid', true)!;
    const status = field(body, 'status', true)!;
    const totalAmount = field(body, 'total_amount', true)!;
    const hash = field(body, 'hash', true)!;
    if (!verifyPaytrCallbackHash(this.secrets, { merchantOid, status, totalAmount, hash })) {
      this.metrics.callback('bad_hash');
      this.logger.warn(`PayTR notification for ${merchantOid} rejected: bad hash, nothing changed`);
      throw new InvalidPaytrHashError(merchantOid);
    }
    if (status !== 'success' && status !== 'failed') throw new MalformedPaytrCallbackError(`status "${status}" is neither success nor failed`);
    const result = (parseAttemptMerchantOid(merchantOid) ? await this.complete(merchantOid, status, body) : null) ?? (await this.forward(merchantOid, body, form));
    if (result === 'conflict') {
      this.logger.error?.(`PayTR notification for ${merchantOid} says ${status}, which contradicts the outcome already recorded: check the payment by hand`);
    }
    this.metrics.callback(result);
    return result;
  }

  /** Not billing's order: the platform's callback decides, and PayTR hears `OK` only if the platform said it. */
  private async forward(merchantOid: string, body: Record<string, unknown>, form: string | undefined): Promise<CallbackResult> {
    const at = this.clock.now();
    const result = this.forwarder
      ? await this.forwarder.forward(form ?? new URLSearchParams(Object.entries(body).map(([k, v]): [string, string] => [k, String(v)])).toString())
      : ({ ok: false, kind: 'not_configured', reason: 'PAYTR_FORWARD_URL is not set' } as const);
    this.metrics.forwarded(result.ok ? 'ok' : result.kind);
    if (result.ok) {
      await this.forwards.forwarded(merchantOid, at);
      this.logger.log(`PayTR notification for ${merchantOid}: not a billing retry, passed on to the platform, which answered OK`);
      return 'forwarded';
    }
    await this.forwards.failed(merchantOid, result.reason, at);
    this.metrics.callback('forward_failed');
    this.logger.error?.(
      `PayTR notification for ${merchantOid} is not a billing retry and could not be passed on to the platform: ${result.reason}; ` +
        'PayTR was not answered OK and will repeat it' +
        (result.kind === 'not_configured' ? ' (set PAYTR_FORWARD_URL to the platform\'s PayTR callback)' : ''),
    );
    throw new PaytrForwardFailedError(merchantOid, result.kind !== 'not_configured', result.reason);
  }

  private complete(merchantOid: string, status: 'success' | 'failed', body: Record<string, unknown>): Promise<CallbackResult | null> {
    return this.store.withAttempt({ merchantOid }, 'wait', async (tx, attempt) => {
      // A success for an attempt recorded as failed is a late settlement (attempt-settler.ts); the reverse never flips a success.
      const late = attempt.status === 'failed' && status === 'success';
      if (attempt.status !== 'pending' && !late) return (attempt.status === 'success') === (status === 'success') ? 'duplicate' : 'conflict';
      const outcome =
        status === 'success'
          ? { status: 'succeeded' as const, transactionId: null }
          : { status: 'failed' as const, code: field(body, 'failed_reason_code', false) ?? '0', message: field(body, 'failed_reason_msg', false) ?? 'declined' };
      const now = this.clock.now();
      const settled = await this.settler.settle(tx, attempt, outcome, { now, occurredAt: now, correlationId: `paytr-notification:${merchantOid}` });
      return settled.kind === 'succeeded' && settled.late ? 'late_settlement' : 'applied';
    });
  }
}
