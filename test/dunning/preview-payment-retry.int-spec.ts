import { billingSettings, dunningSettings } from '@lifecycle/billing';
import { formatPaymentRetryPreview, previewPaymentRetry } from '../../tools/cli/preview-payment-retry';
import { DunningWorld, HOUR, plus, retryTick } from './dunning-world';

const F = '2026-12-01T00:00:00Z';

describe('lifecyclectl preview payment-retry', () => {
  let world: DunningWorld;

  beforeEach(async () => {
    world = await DunningWorld.create();
  });

  afterEach(() => world.dispose());

  /** Every row of every table a payment-retry tick writes, and the advisory locks. */
  async function snapshot() {
    const { rows } = await world.pool.query(
      `SELECT (SELECT json_agg(p ORDER BY p.id) FROM payments p) AS payments,
              (SELECT json_agg(s ORDER BY s.id) FROM subscriptions s) AS subscriptions,
              (SELECT json_agg(i ORDER BY i.id) FROM invoices i) AS invoices,
              (SELECT json_agg(c ORDER BY c.year) FROM invoice_counters c) AS counters,
              (SELECT json_agg(a ORDER BY a.id) FROM audit_logs a) AS audit,
              (SELECT json_agg(o ORDER BY o.id) FROM outbox_events o) AS outbox,
              (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS locks`,
    );
    return rows[0];
  }

  it('lists each retry the tick would make (card or payment request, attempt n of m, what a failure leads to) and changes nothing', async () => {
    const carded = await world.customer({ periodEndsAt: F, utoken: 'UTOKEN-1' });
    const cardless = await world.customer({ periodEndsAt: F, currency: 'TRY' });
    const last = await world.customer({ periodEndsAt: F, utoken: 'UTOKEN-3' });
    const paid = await world.customer({ periodEndsAt: F });
    const later = await world.customer({ periodEndsAt: F });
    const heads = {
      carded: await world.failedPayment(carded, { at: F }),
      cardless: await world.failedPayment(cardless, { at: F, amount: 99900 }),
      last: await world.failedPayment(last, { at: F }),
      paid: await world.failedPayment(paid, { at: F }),
      later: await world.failedPayment(later, { at: plus(F, 2 * HOUR) }),
    };
    const dunning = world.dunning({ script: 'default=fail*' });
    world.clock.set(plus(F, 6 * HOUR));
    await dunning.detection.execute();
    // `last` has had two failed retries: the next is its third and final one.
    await world.pool.query(`UPDATE payments SET retry_count = 2 WHERE id = $1`, [heads.last]);
    await world.failedPayment(paid, { at: plus(F, HOUR), status: 'success' });
    // Not detected yet: the tick detects it first, and its first retry is already due then.
    const undetected = await world.customer({ periodEndsAt: F, utoken: 'UTOKEN-U' });
    const undetectedHead = await world.failedPayment(undetected, { at: plus(F, -HOUR) });

    const tick = plus(F, 6 * HOUR);
    const before = await snapshot();
    const preview = await previewPaymentRetry(world.billing.dataSource, tick, { gateway: 'paytr', settings: billingSettings(), dunning: dunningSettings() });
    expect(await snapshot()).toEqual(before);
    expect(world.charges()).toEqual([]);

    expect(preview).toMatchObject({ schedule: 'payment-retry', at: '2026-12-01T06:00:00Z', gateway: 'paytr', inFlight: 0, warnings: [] });
    expect(preview.detection).toMatchObject({ entered: 1 });
    const byChain = new Map(preview.retries.map((r) => [r.chainId, r]));
    expect([...byChain.keys()].sort((a, b) => a - b)).toEqual([heads.carded, heads.cardless, heads.last, heads.paid, undetectedHead]);
    expect(byChain.get(heads.carded)).toEqual({
      chainId: heads.carded,
      companyId: carded.company.id,
      companyName: carded.company.name,
      subscriptionId: carded.subscription!.id,
      adminEmail: expect.stringContaining('@'),
      amount: 2900,
      currency: carded.company.preferredCurrency,
      attempt: 2,
      maxAttempts: 4,
      card: 'stored',
      action: 'charge',
      onFailure: { kind: 'retry', nextRetryAt: '2026-12-02T06:00:00Z' },
    });
    expect(byChain.get(heads.cardless)).toMatchObject({ amount: 99900, currency: 'TRY', card: 'missing', action: 'payment_request', attempt: 2 });
    expect(byChain.get(heads.last)).toMatchObject({ attempt: 4, maxAttempts: 4, card: 'stored', action: 'charge', onFailure: { kind: 'suspend', reason: 'exhausted' } });
    expect(byChain.get(heads.paid)).toMatchObject({ action: 'resolved', onFailure: null });
    expect(byChain.get(undetectedHead)).toMatchObject({ card: 'stored', action: 'charge', attempt: 2 });

    const text = formatPaymentRetryPreview(preview);
    expect(text).toContain('rolled back: nothing was changed, nothing charged');
    expect(text).toContain(`chain ${heads.cardless}  company ${cardless.company.id} ${cardless.company.name}  999.00 TRY  attempt 2 of 4  card missing  → payment-request mail (pay in the app); on failure: next attempt at 2026-12-02T06:00:00Z`);
    expect(text).toContain(`attempt 4 of 4  card stored  → charge the stored card; on failure: last attempt: subscription suspended, workspaces stopped`);
    expect(text).toContain('totals: 3 charge(s), 1 payment request(s), 1 resolved, 0 closed');

    // The tick itself then does what the preview said (fake gateway, failing everything).
    world.clock.set(plus(tick, 5_000));
    const summary = await dunning.paymentRetry.execute(retryTick(tick));
    expect(summary).toMatchObject({ claimed: 4, settled: { resolved: 1, closed: 0 }, suspended: 1 });
  });

  it('with PAYMENT_GATEWAY=none lists no retries, and with fake charges whatever the card', async () => {
    const c = await world.customer({ periodEndsAt: F });
    await world.failedPayment(c, { at: F });
    world.clock.set(plus(F, HOUR));
    await world.dunning({ script: 'default=fail*' }).detection.execute();
    const at = plus(F, 6 * HOUR);
    const none = await previewPaymentRetry(world.billing.dataSource, at, { gateway: 'none', settings: billingSettings(), dunning: dunningSettings() });
    expect(none.retries).toEqual([]);
    expect(formatPaymentRetryPreview(none)).toContain('PAYMENT_GATEWAY=none: failed payments are announced, never retried');
    const fake = await previewPaymentRetry(world.billing.dataSource, at, { gateway: 'fake', settings: billingSettings(), dunning: dunningSettings() });
    expect(fake.retries).toMatchObject([{ card: 'missing', action: 'charge' }]);
    const early = await previewPaymentRetry(world.billing.dataSource, plus(at, -1), { gateway: 'fake', settings: billingSettings(), dunning: dunningSettings() });
    expect(early.retries).toEqual([]);
  });
});
