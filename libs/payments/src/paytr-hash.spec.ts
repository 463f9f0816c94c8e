import { paytrCallbackHash, paytrCardListToken, paytrChargeToken, paytrStatusToken, verifyPaytrCallbackHash } from './paytr-hash';
import { decimalAmount, paytrCurrency } from './money';

// Expected values computed independently with Python's hmac module (docs/dunning.md, "PayTR").
const secrets = { merchantId: '123456', merchantKey: 'KEY123', merchantSalt: 'SALT456' };
const notification = { merchantOid: 'LCR17A2', status: 'success', totalAmount: '2900' };

describe('PayTR hashes', () => {
  it('computes the notification hash as base64(HMAC-SHA256(merchant_oid + salt + status + total_amount, key))', () => {
    expect(paytrCallbackHash(secrets, notification)).toBe('ErLrbZe1gM1jX17eaMByCatO/i5iPH5GMlSMVWaxtt4=');
  });

  it('accepts the right hash and nothing else', () => {
    const hash = paytrCallbackHash(secrets, notification);
    expect(verifyPaytrCallbackHash(secrets, { ...notification, hash })).toBe(true);
    expect(verifyPaytrCallbackHash(secrets, { ...notification, totalAmount: '290000', hash })).toBe(false);
    expect(verifyPaytrCallbackHash(secrets, { ...notification, status: 'failed', hash })).toBe(false);
    expect(verifyPaytrCallbackHash({ ...secrets, merchantKey: 'other' }, { ...notification, hash })).toBe(false);
    expect(verifyPaytrCallbackHash(secrets, { ...notification, hash: hash.slice(1) })).toBe(false);
    expect(verifyPaytrCallbackHash(secrets, { ...notification, hash: '' })).toBe(false);
  });

  it('computes the request tokens of the charge, the card list and the status inquiry', () => {
    const charge = {
      userIp: '203.0.113.9',
      merchantOid: 'LCR17A2',
      email: 'a@example.com',
      paymentAmount: '29.00',
      paymentType: 'card',
      installmentCount: '0',
      currency: 'TL',
      testMode: '0',
      non3d: '1',
    };
    expect(paytrChargeToken(secrets, charge)).toBe('w6+t+QW9hRioLzXZrIsa37q/Az0J3ZrawaauAUYIPHg=');
    expect(paytrCardListToken(secrets, 'UTOKEN')).toBe('xximQmR82Trd1/68Uj/7rmfETYfb+CdC7rHb0mIJagM=');
    expect(paytrStatusToken(secrets, 'LCR17A2')).toBe('lmBSSp4xUvKLXwdsNXdstPY8RPVwkIuj/p+mD1YJbBE=');
  });

  it('writes amounts with two decimals and the lira as TL', () => {
    expect([2900, 5, 100099, 0].map(decimalAmount)).toEqual(['29.00', '0.05', '1000.99', '0.00']);
    expect([paytrCurrency('TRY'), paytrCurrency('USD'), paytrCurrency('EUR')]).toEqual(['TL', 'USD', 'EUR']);
  });
});
