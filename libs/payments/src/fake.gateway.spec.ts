import { FakeScriptError } from './payment-gateway.errors';
import { FakeGatewayScript } from './fake-gateway.script';
import { MemoryLedger } from './fake-gateway.ledger';
import { FakeGateway } from './fake.gateway';
import type { ChargeRequest } from './payment-gateway.port';

const request = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  merchantOid: 'LCR1A2',
  amount: 2900,
  currency: 'USD',
  companyId: 12,
  subscriptionId: 40,
  attempt: 2,
  customer: { email: 'a@example.com', name: 'A', companyName: 'Acme' },
  userToken: null,
  description: 'team plan',
  ...over,
});

describe('FakeGatewayScript', () => {
  const script = FakeGatewayScript.parse('company:12=fail,fail,succeed; company:13=fail*;subscription:40=fail:43\ndefault=succeed');

  it('answers per company and retry; a subscription rule comes first, then the company, then default', () => {
    expect([1, 2, 3, 4].map((r) => script.stepFor(12, 99, r).kind)).toEqual(['fail', 'fail', 'succeed', 'succeed']);
    expect([1, 2, 7].map((r) => script.stepFor(13, 99, r).kind)).toEqual(['fail', 'fail', 'fail']);
    expect(script.stepFor(12, 40, 1)).toEqual({ kind: 'fail', code: '43', message: 'stolen card (fake gateway)' });
    expect(script.stepFor(12, 40, 2).kind).toBe('fail');
    expect(script.stepFor(1, 1, 1)).toEqual({ kind: 'succeed' });
    expect(FakeGatewayScript.parse('default=fail*').stepFor(1, 1, 3)).toMatchObject({ kind: 'fail', code: '0' });
    expect(FakeGatewayScript.parse('').stepFor(1, 1, 1)).toEqual({ kind: 'succeed' });
  });

  it('reads the same rules from YAML', () => {
    const yaml = FakeGatewayScript.parseYaml('default: [fail*]\ncompanies:\n  12: [fail, succeed]\nsubscriptions:\n  40: pending\n', 'fake.yaml');
    expect([1, 2].map((r) => yaml.stepFor(12, 1, r).kind)).toEqual(['fail', 'succeed']);
    expect(yaml.stepFor(5, 40, 1).kind).toBe('pending');
    expect(yaml.stepFor(5, 1, 9).kind).toBe('fail');
  });

  it.each([
    ['company:12', /not key=steps/],
    ['customer:12=fail', /unknown key "customer:12"/],
    ['company:12=fail*,succeed', /only the last step may repeat/],
    ['company:12=explode', /unknown step "explode"/],
    ['company:12=fail,,succeed', /empty step/],
  ])('names the problem in %p', (text, problem) => {
    expect(() => FakeGatewayScript.parse(text)).toThrow(FakeScriptError);
    expect(() => FakeGatewayScript.parse(text)).toThrow(problem);
  });

  it('names the file of a bad YAML script', () => {
    expect(() => FakeGatewayScript.parseYaml('plans: {}', '/etc/fake.yaml')).toThrow('/etc/fake.yaml: unknown key "plans"');
    expect(() => FakeGatewayScript.parseYaml('default: [', '/etc/fake.yaml')).toThrow('not valid YAML');
  });
});

describe('FakeGateway', () => {
  it('records each charge and refuses a second charge of a merchant_oid, answering the first outcome', async () => {
    const ledger = new MemoryLedger();
    const gateway = new FakeGateway(FakeGatewayScript.parse('company:12=succeed,fail'), ledger);
    expect(await gateway.status('LCR1A2')).toEqual({ status: 'not_found' });
    expect(await gateway.charge(request())).toEqual({ status: 'succeeded', transactionId: 'FAKE-LCR1A2' });
    // the same order again, even as a later attempt: still the first outcome, no new charge
    expect(await gateway.charge(request({ attempt: 3 }))).toEqual({ status: 'succeeded', transactionId: 'FAKE-LCR1A2' });
    expect(await gateway.status('LCR1A2')).toEqual({ status: 'succeeded', transactionId: 'FAKE-LCR1A2' });
    expect(await gateway.charge(request({ merchantOid: 'LCR1A3', attempt: 3 }))).toMatchObject({ status: 'failed', code: '0' });
    expect(ledger.entries().map((e) => `${e.type}:${e.merchantOid}`)).toEqual(['charge:LCR1A2', 'refused:LCR1A2', 'charge:LCR1A3']);
  });
});
