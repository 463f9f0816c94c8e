import { decimalAmount, paytrCurrency } from './money';
import { ChargeNotSentError } from './payment-gateway.errors';
import { NO_STORED_CARD, type ChargeOutcome, type ChargeRequest, type ChargeStatus, type PaymentGateway } from './payment-gateway.port';
import { paytrCardListToken, paytrChargeToken, paytrStatusToken, type PaytrSecrets } from './paytr-hash';

export interface PaytrSettings extends PaytrSecrets {
  /** `https://www.paytr.com`; tests point it at a local fake. */
  apiUrl: string;
  testMode: boolean;
  /** `sync_mode=1`: the charge answers with its outcome. A permission PayTR grants to the store on request. */
  syncMode: boolean;
  /** `user_ip` of a server-initiated charge: the public address of this server. */
  userIp: string;
  /** `merchant_ok_url` / `merchant_fail_url`: required fields, never visited by a non-3D charge. */
  returnUrl: string;
  timeoutMs: number;
}

type Json = Record<string, unknown>;

/**
 * `PAYMENT_GATEWAY=paytr`: the stored-card recurring charge of PayTR's Direct API ("Kart Saklama",
 * platform-schema.md): list the cards of the customer's `utoken`, charge the first one that needs no CVV,
 * non-3D. Secrets never leave this class except inside the HMAC tokens PayTR asks for.
 */
export class PaytrGateway implements PaymentGateway {
  readonly name = 'paytr';
  readonly charges = true;

  constructor(
    private readonly settings: PaytrSettings,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  get testMode(): boolean {
    return this.settings.testMode;
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    if (!request.userToken) {
      return { status: 'failed', code: NO_STORED_CARD, message: 'no stored card (the platform has no PayTR utoken for this subscription)' };
    }
    const ctoken = await this.storedCard(request.merchantOid, request.userToken);
    if (!ctoken) return { status: 'failed', code: NO_STORED_CARD, message: 'no stored card that can be charged without CVV' };
    const s = this.settings;
    const fields = {
      userIp: s.userIp,
      merchantOid: request.merchantOid,
      email: request.customer.email,
      paymentAmount: decimalAmount(request.amount),
      paymentType: 'card',
      installmentCount: '0',
      currency: paytrCurrency(request.currency),
      testMode: s.testMode ? '1' : '0',
      non3d: '1',
    };
    // Field names and formats as in PayTR's Postman collection ("Kayıtlı Karttan Ödeme") and the recurring-payment
    // page; docs/dunning.md, "paytr", cites the source of each.
    const body = {
      merchant_id: s.merchantId,
      user_ip: fields.userIp,
      merchant_oid: fields.merchantOid,
      email: fields.email,
      payment_type: fields.paymentType,
      payment_amount: fields.paymentAmount,
      installment_count: fields.installmentCount,
      currency: fields.currency,
      test_mode: fields.testMode,
      non_3d: fields.non3d,
      recurring: '1',
      sync_mode: s.syncMode ? '1' : '0',
      utoken: request.userToken,
      ctoken,
      user_name: request.customer.name,
      user_address: request.customer.companyName,
      user_phone: '0000000000',
      user_basket: htmlEntities(JSON.stringify([[request.description, fields.paymentAmount, 1]])),
      merchant_ok_url: s.returnUrl,
      merchant_fail_url: s.returnUrl,
      client_lang: request.currency === 'TRY' ? 'tr' : 'en',
      debug_on: '0',
      paytr_token: paytrChargeToken(s, fields),
    };
    let response: Response;
    try {
      response = await this.post('/odeme', body);
    } catch (error) {
      if (refused(error)) throw new ChargeNotSentError(request.merchantOid, `PayTR refused the connection (${this.settings.apiUrl})`);
      return { status: 'pending', detail: `no answer from PayTR: ${describe(error)}` };
    }
    return chargeOutcome(request.merchantOid, response.status, await response.text().catch(() => ''));
  }

  async status(merchantOid: string): Promise<ChargeStatus> {
    let json: Json | null;
    try {
      const response = await this.post('/odeme/durum-sorgu', {
        merchant_id: this.settings.merchantId,
        merchant_oid: merchantOid,
        paytr_token: paytrStatusToken(this.settings, merchantOid),
      });
      json = parseObject(await response.text());
    } catch (error) {
      return { status: 'pending', detail: `status inquiry failed: ${describe(error)}` };
    }
    // The status inquiry reports completed payments; an error means "no completed payment", not "declined".
    if (json?.status === 'success') return { status: 'succeeded', transactionId: null };
    return { status: 'pending', detail: `PayTR reports no completed payment${json?.err_msg ? ` (${String(json.err_msg)})` : ''}` };
  }

  private async storedCard(merchantOid: string, utoken: string): Promise<string | null> {
    let text: string;
    try {
      const response = await this.post('/odeme/capi/list', {
        merchant_id: this.settings.merchantId,
        utoken,
        paytr_token: paytrCardListToken(this.settings, utoken),
      });
      text = await response.text();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      throw new ChargeNotSentError(merchantOid, `the stored cards could not be listed: ${describe(error)}`);
    }
    let cards: unknown;
    try {
      cards = JSON.parse(text);
    } catch {
      throw new ChargeNotSentError(merchantOid, 'the card list is not JSON');
    }
    if (!Array.isArray(cards)) {
      const error = (cards as Json | null)?.err_msg;
      if (error) throw new ChargeNotSentError(merchantOid, `PayTR refused the card list: ${String(error)}`);
      return null; // PayTR answers an empty JSON object when the utoken has no cards
    }
    const usable = cards.find((c: Json) => typeof c?.ctoken === 'string' && String(c.require_cvv ?? '0') !== '1') as Json | undefined;
    return usable ? String(usable.ctoken) : null;
  }

  private post(path: string, fields: Record<string, string>): Promise<Response> {
    return this.fetchFn(`${this.settings.apiUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      signal: AbortSignal.timeout(this.settings.timeoutMs),
    });
  }
}

/**
 * The answer of a `sync_mode=1` charge: `success` / `failed` settle it; `error` is PayTR refusing the request
 * before any bank call (nothing was charged); anything else leaves the outcome to the notification or the
 * status inquiry.
 */
function chargeOutcome(merchantOid: string, httpStatus: number, text: string): ChargeOutcome {
  const json = parseObject(text);
  if (httpStatus >= 200 && httpStatus < 300 && json) {
    if (json.status === 'success') return { status: 'succeeded', transactionId: json.trans_id ? String(json.trans_id) : null };
    if (json.status === 'failed') {
      return {
        status: 'failed',
        code: String(json.failed_reason_code ?? json.err_no ?? '0'),
        message: String(json.failed_reason_msg ?? json.err_msg ?? 'declined'),
      };
    }
    if (json.status === 'error') throw new ChargeNotSentError(merchantOid, `PayTR rejected the request: ${String(json.err_msg ?? json.reason ?? 'error')}`);
  }
  return { status: 'pending', detail: `PayTR answered HTTP ${httpStatus} without an outcome; waiting for its notification` };
}

/** PayTR's samples send the basket as HTML-escaped JSON (PHP `htmlentities(json_encode(...))`, the collection's `htmlEntities`). */
function htmlEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function parseObject(text: string): Json | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

function refused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return cause?.code === 'ECONNREFUSED';
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  return `${error instanceof Error ? error.message : String(error)}${cause ? ` (${cause})` : ''}`;
}
