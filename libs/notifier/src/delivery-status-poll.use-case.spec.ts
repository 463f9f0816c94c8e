import { DeliveryReportStore, type AppliedReports, type DeliveryReport } from './delivery-report';
import { POLL_PAGE_SIZE, PollDeliveryStatusesUseCase, toPolledReport } from './delivery-status-poll.use-case';
import type { ListedMessage } from './mailjet.api';

const NOW = new Date('2026-12-08T10:00:00Z');
const listed = (status: string, extra: Partial<ListedMessage> = {}): ListedMessage => ({
  id: '288230376152553821',
  customId: 'trial.expired:sub-42',
  status,
  stateId: null,
  arrivedAt: '2026-12-08T09:30:00Z',
  ...extra,
});

describe('toPolledReport', () => {
  it('bounces of every kind and blocked become bounced, with the reason from StateID', () => {
    expect(toPolledReport(listed('hardbounced', { stateId: 1 }), NOW)).toEqual({
      kind: 'bounced',
      customId: 'trial.expired:sub-42',
      messageId: '288230376152553821',
      at: NOW,
      error: 'hard bounce: user unknown (polled from Mailjet)',
    });
    expect(toPolledReport(listed('softbounced', { stateId: 3 }), NOW)?.error).toBe('soft bounce: quota exceeded (polled from Mailjet)');
    expect(toPolledReport(listed('blocked', { stateId: 20 }), NOW)?.error).toBe('blocked: blacklisted (polled from Mailjet)');
    expect(toPolledReport(listed('bounce'), NOW)).toMatchObject({ kind: 'bounced', error: 'bounce (polled from Mailjet)' });
  });

  it('spam is the spam note; delivered, opened, queued and the like are not recorded from a poll', () => {
    expect(toPolledReport(listed('spam'), NOW)).toMatchObject({ kind: 'spam', error: null });
    for (const status of ['sent', 'opened', 'clicked', 'queued', 'deferred', 'unsub', 'unknown']) expect(toPolledReport(listed(status), NOW)).toBeNull();
  });

  it('matches a platform mail without CustomID by its MessageID, and needs one of the two', () => {
    expect(toPolledReport(listed('blocked', { customId: null }), NOW)).toMatchObject({ customId: null, messageId: '288230376152553821' });
    expect(toPolledReport(listed('blocked', { customId: null, id: '' }), NOW)).toBeNull();
  });
});

describe('PollDeliveryStatusesUseCase', () => {
  class Store extends DeliveryReportStore {
    applied: DeliveryReport[] = [];
    async apply(reports: readonly DeliveryReport[]): Promise<AppliedReports> {
      this.applied.push(...reports);
      return { changed: reports.length, bounced: reports.filter((r) => r.kind === 'bounced').length };
    }
  }

  it('pages through every message of the window and applies only the problems', async () => {
    const all = Array.from({ length: POLL_PAGE_SIZE + 3 }, (_, i) => listed(i % 500 === 0 ? 'hardbounced' : 'sent', { id: String(1000 + i), customId: `k${i}` }));
    const pages: number[] = [];
    const store = new Store();
    const poll = new PollDeliveryStatusesUseCase(
      { listMessages: async ({ offset, limit }) => (pages.push(offset), all.slice(offset, offset + limit)) },
      store,
      { maxPages: 5, logger: { warn: () => undefined } },
    );
    expect(await poll.poll(new Date('2026-12-08T08:00:00Z'), NOW, NOW)).toEqual({ listed: 1003, problems: 3, changed: 3, bounced: 3, truncated: false });
    expect(pages).toEqual([0, POLL_PAGE_SIZE]);
    expect(store.applied.map((r) => r.customId)).toEqual(['k0', 'k500', 'k1000']);
  });

  it('stops after maxPages and says so', async () => {
    const warnings: string[] = [];
    const poll = new PollDeliveryStatusesUseCase(
      { listMessages: async () => Array.from({ length: POLL_PAGE_SIZE }, () => listed('sent')) },
      new Store(),
      { maxPages: 2, logger: { warn: (m: unknown) => void warnings.push(String(m)) } },
    );
    expect(await poll.poll(NOW, NOW, NOW)).toMatchObject({ listed: 2 * POLL_PAGE_SIZE, truncated: true });
    expect(warnings[0]).toContain('the rest was not polled');
  });
});
