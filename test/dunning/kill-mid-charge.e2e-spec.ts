import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLedger } from '@lifecycle/payments';
import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, stop, tick } from './dunning-processes';
import { DunningWorld, HOUR, plus } from './dunning-world';

jest.setTimeout(180_000);

const F = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
const CUSTOMERS = 3;

describe('a billing process killed mid-charge', () => {
  let world: DunningWorld;
  let js: TestJetStream;
  let dir: string;
  let billing: BillingProcess | undefined;

  beforeAll(async () => {
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    dir = mkdtempSync(join(tmpdir(), 'fake-gateway-'));
  });

  afterAll(async () => {
    await stop(billing);
    await js.close();
    await world.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('charges no attempt twice: after a restart the one in flight is settled from the provider, the one never sent is charged once', async () => {
    const heads: number[] = [];
    for (let i = 0; i < CUSTOMERS; i++) heads.push(await world.failedPayment(await world.customer({ periodEndsAt: F }), { at: F }));
    const ledger = new FileLedger(join(dir, 'charges.jsonl'));
    const env = { PAYMENT_GATEWAY: 'fake', FAKE_GATEWAY_LEDGER: ledger.path, FAKE_GATEWAY_DELAY: '2s', FAKE_GATEWAY_SCRIPT: 'default=succeed' };
    billing = await startBillingProcess(world.billing.db.url, js, env);

    // One tick detects the failures (due 6 h after them) and retries all three, one charge at a time.
    await js.publisher.publish(tick('payment-retry', plus(F, 6 * HOUR)) as never);
    const charged = () => ledger.entries().filter((e) => e.type === 'charge').map((e) => e.merchantOid);
    await eventually(async () => charged(), (oids) => oids.length === 2, 60_000);
    billing.child.kill('SIGKILL');
    await billing.exited;

    const attempts = async () => (await Promise.all(heads.map((h) => world.attempts(h)))).flat();
    const afterCrash = await attempts();
    expect(afterCrash.map((a) => a.status).sort()).toEqual(['pending', 'pending', 'success']);
    const inFlight = afterCrash.find((a) => a.status === 'pending' && charged().includes(a.paytr_merchant_oid))!;
    const neverSent = afterCrash.find((a) => a.status === 'pending' && !charged().includes(a.paytr_merchant_oid))!;
    expect(inFlight).toBeDefined();
    expect(neverSent).toBeDefined();

    // A new process; the interrupted tick is redelivered after its ack wait, and the next slot comes anyway.
    billing = await startBillingProcess(world.billing.db.url, js, env);
    await js.publisher.publish(tick('payment-retry', plus(F, 12 * HOUR)) as never);
    const settled = await eventually(attempts, (rows) => rows.length === CUSTOMERS && rows.every((a) => a.status === 'success'), 90_000);

    const entries = ledger.entries();
    expect(entries.filter((e) => e.type === 'refused')).toEqual([]);
    expect(charged().sort()).toEqual(settled.map((a) => a.paytr_merchant_oid).sort());
    expect(new Set(charged()).size).toBe(CUSTOMERS);
    const numbers = (await world.invoices()).map((i) => /^INV-(\d{4})-(\d{5})$/.exec(i.invoice_number)!);
    const years = new Set(numbers.map((m) => m[1]));
    for (const year of years) {
      const sequence = numbers.filter((m) => m[1] === year).map((m) => Number(m[2])).sort((a, b) => a - b);
      expect(sequence).toEqual(sequence.map((_, i) => i + 1));
    }
    expect(numbers).toHaveLength(CUSTOMERS);
    expect(await world.events('payment.succeeded')).toHaveLength(CUSTOMERS);
    for (const h of heads) expect(await world.payment(h)).toMatchObject({ dunning_state: 'resolved', retry_count: 1 });
    // The sweep's summary line comes after its last outcome is recorded.
    const output = await eventually(async () => billing!.output(), (text) => /[12] reconciled/.test(text), 20_000);
    expect(output).toMatch(/[12] reconciled/);
  });
});
