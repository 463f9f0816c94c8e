import type { FailureCandidate } from './dunning.store';
import { classifyFailure, failureReason } from './failure-classification.rule';

const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;
const candidate = (overrides: Partial<FailureCandidate> = {}): FailureCandidate => ({
  paymentId: 9,
  subscriptionId: 4,
  subscriptionStatus: 'active',
  companyId: 3,
  companyName: 'Acme',
  preferredCurrency: 'USD',
  plan: 'team',
  amount: 2900,
  currency: 'USD',
  failedAt: new Date('2026-12-01T11:00:00Z'),
  reasonCode: '51',
  reasonMessage: null,
  admin: { userId: 1, email: 'a@example.com', fullName: 'A' },
  superseded: false,
  chainActive: false,
  ...overrides,
});

describe('classifyFailure', () => {
  it.each([
    ['an active subscription', {}, { verdict: 'enter', failedAt: new Date('2026-12-01T11:00:00Z') }],
    ['a past_due subscription', { subscriptionStatus: 'past_due' }, { verdict: 'enter' }],
    ['a suspended subscription (a success reactivates it)', { subscriptionStatus: 'suspended' }, { verdict: 'enter' }],
    ['no subscription', { subscriptionId: null }, { verdict: 'ignore', reason: 'no_subscription' }],
    ['a trial', { subscriptionStatus: 'trial' }, { verdict: 'ignore', reason: 'subscription_trial' }],
    ['a cancelled subscription', { subscriptionStatus: 'cancelled' }, { verdict: 'ignore', reason: 'subscription_cancelled' }],
    ['a failure paid later', { superseded: true }, { verdict: 'ignore', reason: 'paid_later' }],
    ['a second failure while a chain runs', { chainActive: true }, { verdict: 'ignore', reason: 'chain_active' }],
    ['a failure older than the lookback', { failedAt: new Date(NOW.getTime() - 7 * DAY - 1) }, { verdict: 'ignore', reason: 'stale' }],
    ['a failure exactly at the lookback', { failedAt: new Date(NOW.getTime() - 7 * DAY) }, { verdict: 'enter' }],
    ['a company without admin (waits)', { admin: null }, { verdict: 'skip', reason: 'no_admin' }],
    ['a missing company (waits)', { companyId: null, companyName: null }, { verdict: 'skip', reason: 'company_missing' }],
  ])('%s', (_, overrides, expected) => {
    expect(classifyFailure(candidate(overrides as Partial<FailureCandidate>), NOW, 7 * DAY)).toMatchObject(expected);
  });

  it('takes a failure without timestamps as failing now', () => {
    expect(classifyFailure(candidate({ failedAt: null }), NOW, 7 * DAY)).toEqual({ verdict: 'enter', failedAt: NOW });
  });

  it('words the reason from the message, else the code', () => {
    expect(failureReason('51', ' Yetersiz bakiye ')).toBe('Yetersiz bakiye');
    expect(failureReason('51', null)).toBe('declined (code 51)');
    expect(failureReason(null, '')).toBe('payment failed');
  });
});
