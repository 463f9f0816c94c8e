import { ChargeNotSentError, PaytrGateway, paytrChargeToken, type ChargeRequest, type PaytrSettings } from '@lifecycle/payments';
import { freePort, paytrFieldProblem, startFakePaytr, type FakePaytr } from '@lifecycle/testing';

const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  merchantOid: 'LCR17A2',
  amount: 2900,
  currency: 'USD',
  companyId: 3,
  subscriptionId: 4,
  attempt: 2,
  customer: { email: 'admin@acme.example', name: 'Ada Admin', companyName: 'Acme' },
  userToken: 'UTOKEN-1',
  description: 'team plan',
  ...over,
});

describe('the paytr gateway against a fake PayTR', () => {
  let paytr: FakePaytr;
  let settings: PaytrSettings;

  beforeEach(async () => {
    paytr = await startFakePaytr();
    paytr.addCards('UTOKEN-1', { ctoken: 'CVV-CARD', requireCvv: true }, { ctoken: 'CTOKEN-1' });
    settings = {
      merchantId: paytr.merchantId,
      merchantKey: paytr.merchantKey,
      merchantSalt: paytr.merchantSalt,
      apiUrl: paytr.url,
      testMode: false,
      syncMode: true,
      userIp: '203.0.113.9',
      returnUrl: 'https://billing.example/return',
      timeoutMs: 2_000,
    };
  });

  afterEach(() => paytr.close());

  it('lists the stored cards, charges the first that needs no CVV non-3D, with every field and a valid token', async () => {
    const gateway = new PaytrGateway(settings);
    const outcome = await gateway.charge(request());

    expect(outcome).toEqual({ status: 'succeeded', transactionId: expect.stringMatching(/^PT/) });
    expect(paytr.requests.map((r) => [r.path, r.tokenValid, r.problem])).toEqual([
      ['/odeme/capi/list', true, null],
      ['/odeme', true, null],
    ]);
    expect(paytr.requests[0].fields).toEqual({ merchant_id: '123456', utoken: 'UTOKEN-1', paytr_token: expect.any(String) });
    expect(paytr.charges).toHaveLength(1);
    expect(paytr.charges[0].fields).toMatchObject({
      merchant_id: '123456',
      user_ip: '203.0.113.9',
      merchant_oid: 'LCR17A2',
      email: 'admin@acme.example',
      payment_type: 'card',
      payment_amount: '29.00',
      installment_count: '0',
      currency: 'USD',
      test_mode: '0',
      non_3d: '1',
      recurring: '1',
      sync_mode: '1',
      utoken: 'UTOKEN-1',
      ctoken: 'CTOKEN-1',
      user_name: 'Ada Admin',
      merchant_ok_url: 'https://billing.example/return',
      client_lang: 'en',
    });
    expect(paytr.charges[0].fields.user_basket).toBe('[[&quot;team plan&quot;,&quot;29.00&quot;,1]]');
    expect(paytrFieldProblem('/odeme', paytr.charges[0].fields)).toBeNull();
    expect(await gateway.status('LCR17A2')).toEqual({ status: 'succeeded', transactionId: null });
    expect(paytr.requests[2]).toMatchObject({ path: '/odeme/durum-sorgu', tokenValid: true, fields: { merchant_id: '123456', merchant_oid: 'LCR17A2' } });
  });

  it('charges lira as TL in test mode, and reports a decline with its code', async () => {
    paytr.script('default', { result: 'failed', code: '43', message: 'Calinti kart' });
    const outcome = await new PaytrGateway({ ...settings, testMode: true }).charge(request({ amount: 99900, currency: 'TRY' }));
    expect(outcome).toEqual({ status: 'failed', code: '43', message: 'Calinti kart' });
    expect(paytr.charges[0].fields).toMatchObject({ currency: 'TL', payment_amount: '999.00', test_mode: '1', client_lang: 'tr' });
    expect(paytr.requests.every((r) => r.tokenValid)).toBe(true);
  });

  it('leaves an answer without outcome pending; the status inquiry knows only completed payments', async () => {
    paytr.script('LCR17A2', { result: 'async', outcome: 'success' });
    paytr.script('LCR17A3', { result: 'async', outcome: 'failed', code: '0' });
    const gateway = new PaytrGateway(settings);
    expect(await gateway.charge(request())).toMatchObject({ status: 'pending' });
    expect(await gateway.charge(request({ merchantOid: 'LCR17A3' }))).toMatchObject({ status: 'pending' });
    expect(await gateway.status('LCR17A2')).toEqual({ status: 'succeeded', transactionId: null });
    expect(await gateway.status('LCR17A3')).toMatchObject({ status: 'pending', detail: expect.stringContaining('no completed payment') });
    expect(await gateway.status('LCR99A2')).toMatchObject({ status: 'pending' });
  });

  it('a charge whose answer never comes is pending (never retried blindly); PayTR refuses the merchant_oid a second time', async () => {
    paytr.script('default', { result: 'hold' });
    const gateway = new PaytrGateway({ ...settings, timeoutMs: 300 });
    expect(await gateway.charge(request())).toMatchObject({ status: 'pending', detail: expect.stringContaining('no answer from PayTR') });
    expect(await gateway.status('LCR17A2')).toMatchObject({ status: 'succeeded' });
    paytr.script('default', { result: 'success' });
    expect(await gateway.charge(request())).toMatchObject({ status: 'failed', code: '99' });
    expect(paytr.charges).toHaveLength(1);
    expect(paytr.duplicates).toEqual(['LCR17A2']);
  });

  it('sends nothing it cannot sign: a wrong key is refused at the card list, before any charge', async () => {
    const gateway = new PaytrGateway({ ...settings, merchantKey: 'wrong-key' });
    await expect(gateway.charge(request())).rejects.toThrow(ChargeNotSentError);
    await expect(gateway.charge(request())).rejects.toThrow('PayTR refused the card list: paytr_token gecersiz');
    expect(paytr.charges).toEqual([]);
    expect(paytr.requests.every((r) => r.path === '/odeme/capi/list' && !r.tokenValid)).toBe(true);
  });

  it('declines without a stored card, and reports an unreachable PayTR as not sent', async () => {
    const gateway = new PaytrGateway(settings);
    expect(await gateway.charge(request({ userToken: null }))).toMatchObject({ status: 'failed', code: 'no_stored_card' });
    paytr.addCards('ONLY-CVV', { ctoken: 'C1', requireCvv: true });
    expect(await gateway.charge(request({ userToken: 'ONLY-CVV' }))).toMatchObject({ status: 'failed', code: 'no_stored_card' });
    expect(await gateway.charge(request({ userToken: 'NO-CARDS' }))).toMatchObject({ status: 'failed', code: 'no_stored_card' });
    expect(paytr.charges).toEqual([]);
    const closed = new PaytrGateway({ ...settings, apiUrl: `http://127.0.0.1:${await freePort()}` });
    await expect(closed.charge(request())).rejects.toThrow(ChargeNotSentError);
  });

  it('without the sync_mode permission sends sync_mode=0 and leaves the outcome to the notification or the status inquiry', async () => {
    await paytr.close();
    paytr = await startFakePaytr({ syncModePermitted: false });
    paytr.addCards('UTOKEN-1', { ctoken: 'CTOKEN-1' });
    const port = { ...settings, apiUrl: paytr.url };
    await expect(new PaytrGateway(port).charge(request())).rejects.toThrow('PayTR rejected the request: sync_mode yetkisi tanimli degil');
    const gateway = new PaytrGateway({ ...port, syncMode: false });
    expect(await gateway.charge(request({ merchantOid: 'LCR17A3' }))).toMatchObject({ status: 'pending' });
    expect(paytr.charges.map((c) => [c.merchantOid, c.fields.sync_mode])).toEqual([['LCR17A3', '0']]);
    expect(await gateway.status('LCR17A3')).toEqual({ status: 'succeeded', transactionId: null });
  });
});

describe('the fake PayTR refuses what PayTR would', () => {
  let paytr: FakePaytr;
  beforeEach(async () => {
    paytr = await startFakePaytr();
    paytr.addCards('UTOKEN-1', { ctoken: 'CTOKEN-1' });
  });
  afterEach(() => paytr.close());

  /** A good charge, as the gateway sends it, then altered. */
  async function send(alter: (fields: Record<string, string>) => void): Promise<Record<string, unknown>> {
    const gateway = new PaytrGateway({
      merchantId: paytr.merchantId,
      merchantKey: paytr.merchantKey,
      merchantSalt: paytr.merchantSalt,
      apiUrl: paytr.url,
      testMode: true,
      syncMode: true,
      userIp: '203.0.113.9',
      returnUrl: 'https://billing.example/return',
      timeoutMs: 2_000,
    }, async (url, init) => {
      const fields = Object.fromEntries(new URLSearchParams(String(init!.body)));
      if (String(url).endsWith('/odeme')) {
        alter(fields);
        const f = fields;
        const token = { userIp: f.user_ip, merchantOid: f.merchant_oid, email: f.email, paymentAmount: f.payment_amount, paymentType: f.payment_type };
        // Re-signed, so that only the alteration can be refused.
        f.paytr_token = paytrChargeToken(paytr, { ...token, installmentCount: f.installment_count, currency: f.currency ?? '', testMode: f.test_mode, non3d: f.non_3d });
      }
      return fetch(url, { ...init, body: new URLSearchParams(fields).toString() });
    });
    try {
      return { outcome: await gateway.charge(request({ currency: 'TRY' })) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  it.each([
    ['an unknown field (the old flag name)', (f: Record<string, string>) => void (f.recurring_payment = '1'), 'recurring_payment tanimsiz alan'],
    ['a missing required field', (f: Record<string, string>) => void delete f.user_phone, 'user_phone eksik'],
    ['an empty required field', (f: Record<string, string>) => void (f.ctoken = ''), 'ctoken eksik'],
    ['a currency PayTR does not know', (f: Record<string, string>) => void (f.currency = 'TRL'), 'currency gecersiz'],
  ])('%s', async (_what, alter, problem) => {
    expect(await send(alter)).toEqual({ error: `charge LCR17A2 was not sent: PayTR rejected the request: ${problem}` });
    expect(paytr.charges).toEqual([]);
    expect(paytr.requests.at(-1)).toMatchObject({ path: '/odeme', problem });
  });

  it('accepts lira as TL and as TRY (both documented), and the optional fields of the collection', async () => {
    expect(await send(() => undefined)).toEqual({ outcome: { status: 'succeeded', transactionId: expect.any(String) } });
    expect(paytr.charges[0].fields.currency).toBe('TL');
    const tryCharge = await send((f) => {
      f.currency = 'TRY';
      f.merchant_oid = 'LCR17A3';
      f.timeout_limit = '30';
    });
    expect(tryCharge).toEqual({ outcome: { status: 'succeeded', transactionId: expect.any(String) } });
    expect(paytr.charges.map((c) => c.fields.currency)).toEqual(['TL', 'TRY']);
  });
});
