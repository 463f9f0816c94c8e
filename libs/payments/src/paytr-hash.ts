import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * PayTR's HMAC scheme: base64(HMAC-SHA256(fields concatenated, merchant_key)), where the concatenation
 * ends with merchant_salt for requests and puts it second for notifications (dev.paytr.com, cited in
 * docs/dunning.md, "PayTR").
 */
export interface PaytrSecrets {
  merchantId: string;
  merchantKey: string;
  merchantSalt: string;
}

const hmac = (text: string, key: string) => createHmac('sha256', key).update(text, 'utf8').digest('base64');

/** The notification's `hash`: merchant_oid + merchant_salt + status + total_amount. */
export function paytrCallbackHash(s: Pick<PaytrSecrets, 'merchantKey' | 'merchantSalt'>, f: { merchantOid: string; status: string; totalAmount: string }): string {
  return hmac(`${f.merchantOid}${s.merchantSalt}${f.status}${f.totalAmount}`, s.merchantKey);
}

/** Constant-time check of a notification's `hash`. */
export function verifyPaytrCallbackHash(
  s: Pick<PaytrSecrets, 'merchantKey' | 'merchantSalt'>,
  f: { merchantOid: string; status: string; totalAmount: string; hash: string },
): boolean {
  const expected = Buffer.from(paytrCallbackHash(s, f), 'utf8');
  const given = Buffer.from(f.hash, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `POST /odeme/capi/list`: utoken + merchant_salt. */
export function paytrCardListToken(s: PaytrSecrets, utoken: string): string {
  return hmac(`${utoken}${s.merchantSalt}`, s.merchantKey);
}

/** `POST /odeme/durum-sorgu`: merchant_id + merchant_oid + merchant_salt. */
export function paytrStatusToken(s: PaytrSecrets, merchantOid: string): string {
  return hmac(`${s.merchantId}${merchantOid}${s.merchantSalt}`, s.merchantKey);
}

export interface PaytrChargeTokenFields {
  userIp: string;
  merchantOid: string;
  email: string;
  paymentAmount: string;
  paymentType: string;
  installmentCount: string;
  currency: string;
  testMode: string;
  non3d: string;
}

/** `POST /odeme` (Direct API, stored card): merchant_id + user_ip + merchant_oid + email + payment_amount + payment_type + installment_count + currency + test_mode + non_3d + merchant_salt. */
export function paytrChargeToken(s: PaytrSecrets, f: PaytrChargeTokenFields): string {
  return hmac(
    `${s.merchantId}${f.userIp}${f.merchantOid}${f.email}${f.paymentAmount}${f.paymentType}${f.installmentCount}${f.currency}${f.testMode}${f.non3d}${s.merchantSalt}`,
    s.merchantKey,
  );
}
