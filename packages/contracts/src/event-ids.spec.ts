import {
  billingSweepShardId,
  healthAlertId,
  healthReportId,
  isoId,
  manualTickId,
  notificationEventId,
  paymentFailedId,
  paymentSucceededId,
  renewalUpcomingId,
  subscriptionStatusId,
  tickId,
  trialExpiredId,
  trialExpiringId,
  workspaceEventId,
} from './event-ids';

describe('event ids', () => {
  it('formats ISO times without zero milliseconds, in UTC', () => {
    expect(isoId(new Date('2026-12-01T08:00:00.000Z'))).toBe('2026-12-01T08:00:00Z');
    expect(isoId('2026-12-01T08:00:00.250Z')).toBe('2026-12-01T08:00:00.250Z');
    expect(isoId('2026-12-01T11:00:00+03:00')).toBe('2026-12-01T08:00:00Z');
  });

  it('matches the documented examples', () => {
    expect(trialExpiringId(42, 7, new Date('2026-12-08T09:00:00Z'))).toBe('trial.expiring:sub-42:7d:2026-12-08T09:00:00Z');
    expect(tickId('trial-expiry', '2026-12-01T08:00:00.000Z')).toBe('trial-expiry@2026-12-01T08:00:00Z');
  });

  it('names a sweep shard by its tick, index and count', () => {
    const tick = tickId('trial-expiry', '2026-12-01T08:00:00Z');
    expect(billingSweepShardId('trial-expiry', tick, 0, 8)).toBe('billing.sweep.trial-expiry:trial-expiry@2026-12-01T08:00:00Z:1of8');
    expect(billingSweepShardId('trial-expiry', tick, 0, 8)).not.toBe(billingSweepShardId('trial-expiry', tick, 1, 8));
  });

  it('gives the same fact the same id, whatever form its time takes', () => {
    expect(trialExpiringId(42, 3, '2026-12-08T09:00:00Z')).toBe(trialExpiringId(42, 3, new Date(Date.UTC(2026, 11, 8, 9))));
    expect(renewalUpcomingId(42, 7, '2026-12-08T10:00:00.000Z')).toBe(renewalUpcomingId(42, 7, '2026-12-08T13:00:00+03:00'));
    expect(healthReportId('email-health', '2026-12-01T08:00:00Z')).toBe(healthReportId('email-health', new Date('2026-12-01T08:00:00Z')));
  });

  it('keeps distinct facts apart', () => {
    const ids = [
      tickId('trial-expiry', '2026-12-01T08:00:00Z'),
      manualTickId('trial-expiry', '2026-12-01T08:00:00Z', 'a1'),
      trialExpiringId(42, 7, '2026-12-08T09:00:00Z'),
      trialExpiringId(42, 7, '2026-12-15T09:00:00Z'),
      trialExpiringId(42, 3, '2026-12-08T09:00:00Z'),
      trialExpiredId(42, '2026-12-08T09:00:00Z'),
      renewalUpcomingId(42, 7, '2026-12-08T09:00:00Z'),
      paymentFailedId(1001),
      paymentSucceededId(1001),
      subscriptionStatusId('subscription.past_due', 42, { paymentId: 1001 }),
      subscriptionStatusId('subscription.suspended', 42, { paymentId: 1001 }),
      subscriptionStatusId('subscription.reactivated', 42, { at: '2026-12-08T09:00:00Z' }),
      workspaceEventId('workspace.stopped', 3, 'trial.expired:sub-42:2026-12-08T09:00:00Z'),
      workspaceEventId('workspace.stopped', 4, 'trial.expired:sub-42:2026-12-08T09:00:00Z'),
      notificationEventId('notification.email.sent', 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z'),
      healthAlertId('health.alert.raised', 'x', 'workspace:3', '2026-12-01T08:15:00Z'),
      healthAlertId('health.alert.resolved', 'x', 'workspace:3', '2026-12-01T08:15:00Z'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('spells the remaining ids predictably', () => {
    expect(manualTickId('trial-expiry', '2026-12-01T08:00:00Z', 'a1')).toBe('trial-expiry@2026-12-01T08:00:00Z#manual-a1');
    expect(paymentFailedId(1001)).toBe('payment.failed:pay-1001');
    expect(subscriptionStatusId('subscription.suspended', 42, { paymentId: 1004 })).toBe('subscription.suspended:sub-42:pay-1004');
    expect(workspaceEventId('workspace.started', 3, 'subscription.reactivated:sub-42:pay-7')).toBe(
      'workspace.started:ws-3:subscription.reactivated:sub-42:pay-7',
    );
    expect(healthAlertId('health.alert.raised', 'workspace.running_while_suspended', 'workspace:3', '2026-12-01T08:15:00Z')).toBe(
      'health.alert.raised:workspace.running_while_suspended:workspace:3:2026-12-01T08:15:00Z',
    );
  });

  it('refuses an invalid time instead of minting a bogus id', () => {
    expect(() => tickId('trial-expiry', 'not a date')).toThrow(RangeError);
  });
});
