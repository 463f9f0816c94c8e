import { issueInvoice } from '@lifecycle/billing';
import { DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-20T00:00:00Z';
const at = (ms: number) => plus(F, ms);

describe('invoice numbers', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  async function dueChains(n: number): Promise<number[]> {
    const heads: number[] = [];
    for (let i = 0; i < n; i++) heads.push(await world.failedPayment(await world.customer({ periodEndsAt: F }), { at: F }));
    world.clock.set(at(1_000));
    await world.dunning().detection.execute();
    return heads;
  }

  it('are unique and gapless per year while two processes settle successes at once', async () => {
    const heads = await dueChains(80);
    // every 7th company's card is declined: failures must not use up numbers
    const { rows: companies } = await world.pool.query(`SELECT company_id FROM payments WHERE id = ANY($1) ORDER BY id`, [heads]);
    const script = companies
      .filter((_: unknown, i: number) => i % 7 === 0)
      .map((r: { company_id: number }) => `company:${r.company_id}=fail*`)
      .join(';');
    const otherA = await world.billing.otherDataSource();
    const otherB = await world.billing.otherDataSource();
    world.clock.set(at(6 * HOUR + 1_000));
    const gateway = world.fakeGateway(script, 2);
    const runs = await Promise.all(
      [world.billing.dataSource, otherA, world.billing.dataSource, otherB].map((dataSource) =>
        world.dunning({ gateway, dataSource, billing: { batchSize: 5 } }).paymentRetry.execute(retryTick(at(6 * HOUR))),
      ),
    );

    const successes = 80 - Math.ceil(80 / 7);
    expect(runs.reduce((n, r) => n + r.succeeded, 0)).toBe(successes);
    expect(runs.filter((r) => r.succeeded > 0).length).toBeGreaterThan(1);
    const invoices = await world.invoices();
    const numbers = invoices.map((i) => i.invoice_number).sort();
    expect(numbers).toEqual(Array.from({ length: successes }, (_, i) => `INV-2026-${String(i + 1).padStart(5, '0')}`));
    expect(new Set(invoices.map((i) => i.payment_id)).size).toBe(successes);
    const { rows: counter } = await world.pool.query(`SELECT year, last_number FROM invoice_counters`);
    expect(counter).toEqual([{ year: 2026, last_number: successes }]);
  });

  it('start again at 00001 in a new year, and a rolled back invoice gives its number back', async () => {
    await dueChains(2);
    world.clock.set(at(6 * HOUR + 1_000));
    await world.dunning().paymentRetry.execute(retryTick(at(6 * HOUR)));
    expect((await world.invoices()).map((i) => i.invoice_number)).toEqual(['INV-2026-00001', 'INV-2026-00002']);

    const manager = world.billing.dataSource.manager;
    const draft = (issuedAt: string) => ({
      companyId: 0,
      paymentId: null as unknown as number,
      amount: 100,
      currency: 'USD',
      periodStart: new Date(issuedAt),
      periodEnd: new Date(issuedAt),
      issuedAt: new Date(issuedAt),
      at: new Date(issuedAt),
      description: 'test',
      notes: 'test',
    });
    const { rows: company } = await world.pool.query(`SELECT id FROM companies ORDER BY id LIMIT 1`);
    const rolledBack = await manager
      .transaction(async (tx) => {
        const invoice = await issueInvoice(tx, { ...draft('2026-12-31T23:00:00Z'), companyId: company[0].id });
        expect(invoice.number).toBe('INV-2026-00003');
        throw new Error('the outbox insert failed');
      })
      .catch((error: Error) => error.message);
    expect(rolledBack).toBe('the outbox insert failed');
    const kept = await manager.transaction((tx) => issueInvoice(tx, { ...draft('2026-12-31T23:30:00Z'), companyId: company[0].id }));
    expect(kept.number).toBe('INV-2026-00003');
    const nextYear = await manager.transaction((tx) => issueInvoice(tx, { ...draft('2027-01-01T00:00:00Z'), companyId: company[0].id }));
    expect(nextYear.number).toBe('INV-2027-00001');
  });

  it('continue after numbers the platform issued itself, even ones issued behind the counter', async () => {
    const heads = await dueChains(2);
    const companyId = (await world.payment(heads[0])).company_id;
    const platformInvoice = (n: string) =>
      world.pool.query(
        `INSERT INTO invoices (company_id, invoice_number, subtotal, tax_amount, total_amount, currency, period_start, period_end, invoice_date, due_date, status, created_at, updated_at)
         VALUES ($1, $2, 100, 0, 100, 'USD', now(), now(), now(), now(), 'paid', now(), now())`,
        [companyId, n],
      );
    for (const n of ['INV-2026-00001', 'INV-2026-00002', 'INV-2026-00007', 'INV-2025-00099']) await platformInvoice(n);
    world.clock.set(at(6 * HOUR + 1_000));
    await world.dunning({ billing: { batchSize: 1 } }).paymentRetry.execute(retryTick(at(6 * HOUR)));
    const ours = (await world.invoices()).filter((i) => i.payment_id !== null).map((i) => i.invoice_number);
    expect(ours).toEqual(['INV-2026-00008', 'INV-2026-00009']);

    // the platform takes the next number behind the counter's back: billing catches up instead of failing
    await platformInvoice('INV-2026-00010');
    const more = await dueChains(1);
    world.clock.set(at(12 * HOUR + 1_000));
    await world.dunning().paymentRetry.execute(retryTick(at(12 * HOUR)));
    const [attempt] = await world.attempts(more[0]);
    expect((await world.invoices()).find((i) => i.payment_id === attempt.id)?.invoice_number).toBe('INV-2026-00011');
  });
});
