import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePaytrOptions {
  merchantId?: string;
  merchantKey?: string;
  merchantSalt?: string;
  port?: number;
  /** Whether PayTR granted this store `sync_mode` (default true); without it a `sync_mode=1` charge is refused. */
  syncModePermitted?: boolean;
}

/** How the fake answers a charge of a merchant_oid (or every charge, by default). */
export type PaytrChargeScript =
  | { result: 'success' }
  | { result: 'failed'; code: string; message: string }
  /** Answered without an outcome (as without sync mode); the outcome comes by `notify` (and the status inquiry knows it). */
  | { result: 'async'; outcome: 'success' | 'failed'; code?: string; message?: string }
  /** Charged, then the answer never comes: the client's request times out. */
  | { result: 'hold' }
  /**
   * Taken (`wait_callback`), but the bank has not settled it: the status inquiry finds no completed payment
   * (PayTR's `err_no` 003) until `notify` delivers the outcome, however often it is asked (issue 18, point 5).
   */
  | { result: 'unsettled'; outcome: 'success' | 'failed' };

export interface PaytrStoredCard {
  ctoken: string;
  requireCvv?: boolean;
  last4?: string;
}

export interface RecordedPaytrRequest {
  path: string;
  fields: Record<string, string>;
  /** Whether paytr_token was the one PayTR's documented scheme gives for these fields. */
  tokenValid: boolean;
  /** What was missing or wrong, if the request was refused. */
  problem: string | null;
}

export interface PaytrCharge {
  merchantOid: string;
  fields: Record<string, string>;
  outcome: 'success' | 'failed';
  code?: string;
  message?: string;
  /** Minor units, as PayTR's notifications state them. */
  totalAmount: string;
  /** false while an `unsettled` charge waits for its notification. */
  settled: boolean;
}

export interface FakePaytr {
  readonly url: string;
  readonly merchantId: string;
  readonly merchantKey: string;
  readonly merchantSalt: string;
  readonly requests: RecordedPaytrRequest[];
  /** Every charge taken, in order; a merchant_oid charged twice would appear twice. */
  readonly charges: PaytrCharge[];
  /** Charge requests refused because their merchant_oid was already charged. */
  readonly duplicates: string[];
  addCards(utoken: string, ...cards: PaytrStoredCard[]): void;
  /** `default` applies to every merchant_oid without its own script. */
  script(merchantOid: string | 'default', response: PaytrChargeScript): void;
  /** POSTs PayTR's notification of a charge to `callbackUrl`; `hash: 'bad'` sends a wrong hash. */
  notify(callbackUrl: string, merchantOid: string, options?: { hash?: 'good' | 'bad'; status?: 'success' | 'failed' }): Promise<{ status: number; body: string }>;
  waitFor(condition: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const hmac = (text: string, key: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64');

/**
 * The fields of each endpoint, as PayTR's Postman collection (github.com/paytr/paytr-postman, "Direkt API / Kart
 * Saklama API") and dev.paytr.com document them: `required` must be present and non-empty, `optional` may be sent;
 * anything else is refused, as a typo in a field name must not pass unnoticed.
 */
const FIELDS: Record<string, { required: readonly string[]; optional: readonly string[] }> = {
  '/odeme': {
    required: [
      'merchant_id', 'paytr_token', 'user_ip', 'merchant_oid', 'email', 'payment_type', 'payment_amount', 'installment_count', 'non_3d',
      'utoken', 'ctoken', 'user_name', 'user_address', 'user_phone', 'user_basket', 'merchant_ok_url', 'merchant_fail_url',
    ],
    optional: [
      'currency', 'test_mode', 'client_lang', 'debug_on', 'sync_mode', 'recurring', 'timeout_limit', 'non3d_test_failed', 'card_type',
      'require_cvv', 'cvv', 'cc_owner', 'card_number', 'expiry_month', 'expiry_year', 'store_card',
    ],
  },
  '/odeme/capi/list': { required: ['merchant_id', 'utoken', 'paytr_token'], optional: [] },
  '/odeme/durum-sorgu': { required: ['merchant_id', 'merchant_oid', 'paytr_token'], optional: [] },
};

/** PayTR's documented currencies: `TL` or `TRY` for lira (the collection: "TL veya TRY - USD - EUR - GBP - RUB"). */
const CURRENCIES = ['TL', 'TRY', 'USD', 'EUR', 'GBP', 'RUB'];

/** The first field that is missing or unknown, as PayTR-style error text; null when the set is right. */
export function paytrFieldProblem(path: string, fields: Record<string, string>): string | null {
  const spec = FIELDS[path];
  if (!spec) return null;
  const missing = spec.required.find((f) => !fields[f]);
  if (missing) return `${missing} eksik`;
  const unknown = Object.keys(fields).find((f) => !spec.required.includes(f) && !spec.optional.includes(f));
  return unknown ? `${unknown} tanimsiz alan` : null;
}

/**
 * PayTR's stored-card API on real HTTP, for tests: `POST /odeme/capi/list`, `POST /odeme` (non-3D recurring
 * charge, `sync_mode=1` answers), `POST /odeme/durum-sorgu`. Every request's fields and `paytr_token` are
 * checked as PayTR documents them; a charge is taken once per merchant_oid. `notify` plays PayTR's
 * notification, with a good or a bad hash.
 */
export async function startFakePaytr(options: FakePaytrOptions = {}): Promise<FakePaytr> {
  const merchantId = options.merchantId ?? '123456';
  const merchantKey = options.merchantKey ?? 'fake-merchant-key';
  const merchantSalt = options.merchantSalt ?? 'fake-merchant-salt';
  const syncModePermitted = options.syncModePermitted ?? true;
  const requests: RecordedPaytrRequest[] = [];
  const charges: PaytrCharge[] = [];
  const duplicates: string[] = [];
  const cards = new Map<string, PaytrStoredCard[]>();
  const scripts = new Map<string, PaytrChargeScript>();
  const held: ServerResponse[] = [];

  const record = (path: string, fields: Record<string, string>, tokenValid: boolean, problem: string | null) => {
    requests.push({ path, fields, tokenValid, problem });
    return problem;
  };

  const cardList = (fields: Record<string, string>, res: ServerResponse) => {
    const valid = fields.paytr_token === hmac(`${fields.utoken ?? ''}${merchantSalt}`, merchantKey);
    const problem = paytrFieldProblem('/odeme/capi/list', fields) ?? (fields.merchant_id !== merchantId ? 'merchant_id gecersiz' : valid ? null : 'paytr_token gecersiz');
    if (record('/odeme/capi/list', fields, valid, problem)) return json(res, { status: 'error', err_msg: problem });
    const list = cards.get(fields.utoken) ?? [];
    if (list.length === 0) return json(res, {});
    json(
      res,
      list.map((c) => ({ ctoken: c.ctoken, last_4: c.last4 ?? '0004', require_cvv: c.requireCvv ? '1' : '0', month: '12', year: '30', c_bank: 'Fake Bank', c_type: 'credit', schema: 'VISA' })),
    );
  };

  const charge = (fields: Record<string, string>, res: ServerResponse) => {
    const expected = hmac(
      `${merchantId}${fields.user_ip}${fields.merchant_oid}${fields.email}${fields.payment_amount}${fields.payment_type}${fields.installment_count}${fields.currency}${fields.test_mode}${fields.non_3d}${merchantSalt}`,
      merchantKey,
    );
    const valid = fields.paytr_token === expected;
    const problem =
      paytrFieldProblem('/odeme', fields) ??
      (fields.merchant_id !== merchantId ? 'merchant_id gecersiz' : null) ??
      (!/^[A-Za-z0-9]{1,64}$/.test(fields.merchant_oid) ? 'merchant_oid alfanumerik olmali' : null) ??
      (!/^\d+\.\d{2}$/.test(fields.payment_amount) ? 'payment_amount gecersiz' : null) ??
      (fields.currency !== undefined && !CURRENCIES.includes(fields.currency) ? 'currency gecersiz' : null) ??
      (fields.payment_type !== 'card' || fields.non_3d !== '1' || fields.recurring !== '1' ? 'non-3D recurring alanlari gecersiz' : null) ??
      (fields.sync_mode === '1' && !syncModePermitted ? 'sync_mode yetkisi tanimli degil' : null) ??
      (!(cards.get(fields.utoken) ?? []).some((c) => c.ctoken === fields.ctoken) ? 'ctoken bulunamadi' : null) ??
      (!isJson(unescapeHtml(fields.user_basket)) ? 'user_basket gecersiz' : null) ??
      (valid ? null : 'paytr_token gecersiz');
    if (record('/odeme', fields, valid, problem)) return json(res, { status: 'error', err_msg: problem });
    if (charges.some((c) => c.merchantOid === fields.merchant_oid)) {
      duplicates.push(fields.merchant_oid);
      return json(res, { status: 'failed', failed_reason_code: '99', failed_reason_msg: 'merchant_oid daha once kullanilmis' });
    }
    const script = scripts.get(fields.merchant_oid) ?? scripts.get('default') ?? { result: 'success' };
    const outcome = script.result === 'failed' || ((script.result === 'async' || script.result === 'unsettled') && script.outcome === 'failed') ? 'failed' : 'success';
    const code = script.result === 'failed' ? script.code : script.result === 'async' ? script.code : undefined;
    const message = script.result === 'failed' ? script.message : script.result === 'async' ? script.message : undefined;
    const totalAmount = String(Math.round(Number(fields.payment_amount) * 100));
    charges.push({ merchantOid: fields.merchant_oid, fields, outcome, code, message, totalAmount, settled: script.result !== 'unsettled' });
    if (script.result === 'hold') return void held.push(res);
    // Without sync_mode PayTR answers the request without the outcome; the notification and the status inquiry tell it.
    if (script.result === 'async' || script.result === 'unsettled' || fields.sync_mode !== '1') return json(res, { status: 'wait_callback', merchant_oid: fields.merchant_oid });
    if (outcome === 'success') return json(res, { status: 'success', merchant_oid: fields.merchant_oid, trans_id: `PT${randomUUID().slice(0, 8)}` });
    json(res, { status: 'failed', merchant_oid: fields.merchant_oid, failed_reason_code: code ?? '0', failed_reason_msg: message ?? 'Yetersiz bakiye' });
  };

  const status = (fields: Record<string, string>, res: ServerResponse) => {
    const valid = fields.paytr_token === hmac(`${merchantId}${fields.merchant_oid ?? ''}${merchantSalt}`, merchantKey);
    const problem = paytrFieldProblem('/odeme/durum-sorgu', fields) ?? (valid ? null : 'paytr_token gecersiz');
    if (record('/odeme/durum-sorgu', fields, valid, problem)) return json(res, { status: 'error', err_no: '004', err_msg: problem });
    const taken = charges.find((c) => c.merchantOid === fields.merchant_oid && c.outcome === 'success' && c.settled);
    if (!taken) return json(res, { status: 'error', err_no: '003', err_msg: 'basarili odeme bulunamadi' });
    const amount = (Number(taken.totalAmount) / 100).toFixed(2);
    json(res, { status: 'success', payment_amount: amount, payment_total: amount, currency: taken.fields.currency, returns: [] });
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'POST') return json(res, { status: 'error', err_msg: 'POST only' }, 405);
      if (path === '/odeme/capi/list') return cardList(fields, res);
      if (path === '/odeme') return charge(fields, res);
      if (path === '/odeme/durum-sorgu') return status(fields, res);
      json(res, { status: 'error', err_msg: `unknown path ${path}` }, 404);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    merchantId,
    merchantKey,
    merchantSalt,
    requests,
    charges,
    duplicates,
    addCards: (utoken, ...list) => void cards.set(utoken, [...(cards.get(utoken) ?? []), ...list]),
    script: (merchantOid, response) => void scripts.set(merchantOid, response),
    async notify(callbackUrl, merchantOid, opts = {}) {
      const taken = charges.find((c) => c.merchantOid === merchantOid);
      if (taken) taken.settled = true;
      const outcome = opts.status ?? taken?.outcome ?? 'success';
      const totalAmount = outcome === 'success' ? (taken?.totalAmount ?? '100') : '0';
      const hash = hmac(`${merchantOid}${merchantSalt}${outcome}${totalAmount}`, merchantKey);
      const form = new URLSearchParams({
        merchant_oid: merchantOid,
        status: outcome,
        total_amount: totalAmount,
        hash: opts.hash === 'bad' ? hmac(`${merchantOid}${merchantSalt}${outcome}${totalAmount}`, 'not-the-key') : hash,
        failed_reason_code: outcome === 'failed' ? (taken?.code ?? '0') : '',
        failed_reason_msg: outcome === 'failed' ? (taken?.message ?? 'Yetersiz bakiye') : '',
        test_mode: taken?.fields.test_mode ?? '1',
        payment_type: 'card',
        currency: taken?.fields.currency ?? 'TL',
        payment_amount: totalAmount,
      });
      const response = await fetch(callbackUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
      return { status: response.status, body: await response.text() };
    },
    async waitFor(condition, timeoutMs = 20_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`fake PayTR: ${what} not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async close() {
      for (const res of held.splice(0)) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
  });
}

function json(res: ServerResponse, value: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function unescapeHtml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
