import { mailHours } from './mail-hours';
import { timelineFacts } from './timeline-facts';

describe('status view helpers', () => {
  it('mailHours: one bucket per hour, empty hours included, bounces counted as failed', () => {
    const hours = mailHours(
      [{ hour: new Date('2026-12-01T08:00:00Z'), sent: 5, failed: 1, bounced: 2, pending: 1 }],
      new Date('2026-12-01T07:00:00Z'),
      new Date('2026-12-01T09:30:00Z'),
    );
    expect(hours).toEqual([
      { hour: '2026-12-01T07:00:00.000Z', sent: 0, failed: 0 },
      { hour: '2026-12-01T08:00:00.000Z', sent: 5, failed: 3 },
      { hour: '2026-12-01T09:00:00.000Z', sent: 0, failed: 0 },
    ]);
  });

  it('timelineFacts: ids and key facts, never addresses or names', () => {
    const facts = timelineFacts({
      subscriptionId: 42,
      companyId: 12,
      companyName: 'Acme',
      admin: { email: 'ayse@acme.example' },
      recipient: 'ayse@acme.example',
      daysBefore: 7,
    });
    expect(facts).toEqual({ subscriptionId: 42, companyId: 12, daysBefore: 7 });
  });
});
