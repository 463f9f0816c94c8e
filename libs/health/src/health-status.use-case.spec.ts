import { FakeClock } from '@lifecycle/time';
import type { PipelineProbe, SlotFactsStore } from './health.ports';
import { healthSettings } from './health.settings';
import { HealthStatusUseCase } from './health-status.use-case';
import type { StatusStore } from './status.store';

const clock = new FakeClock('2026-12-01T10:20:00Z');

const status: StatusStore = {
  openIssues: async () => [
    {
      code: 'workspace.missing',
      severity: 'warning',
      resource: 'subscription:4',
      message: 'no workspace',
      check: 'workspace-health',
      firstSeenAt: new Date('2026-12-01T09:00:00Z'),
      lastSeenAt: new Date('2026-12-01T10:15:00Z'),
    },
  ],
  subscriptionsWithoutStoredCard: async () => 7,
  checkRuns: async () => [{ check: 'workspace-health', lastScheduledAt: new Date('2026-12-01T10:15:00Z'), lastRunAt: new Date('2026-12-01T10:15:01Z') }],
  mailsPerHour: async () => [{ hour: new Date('2026-12-01T09:00:00Z'), sent: 8, failed: 1, bounced: 1, pending: 2 }],
  timeline: async () => [
    { eventId: 'e1', subject: 'trial.expired', occurredAt: '2026-12-01T10:00:00Z', source: 'billing', data: { subscriptionId: 4, admin: { email: 'a@b.c' } } },
  ],
};
const facts: SlotFactsStore = {
  read: async () => ({ lastSlots: [{ schedule: 'workspace-health', lastSlot: new Date('2026-12-01T10:15:00Z') }], firstSlot: new Date('2026-11-30T00:00:00Z') }),
};

describe('HealthStatusUseCase', () => {
  it('serves the view with the pipeline error when JetStream does not answer', async () => {
    const down: PipelineProbe = { state: () => Promise.reject(new Error('TIMEOUT')) };
    const view = await new HealthStatusUseCase(status, facts, down, healthSettings(), clock).execute();
    expect(view.pipeline).toEqual({ consumers: [], outsideConsumers: [], deadLetters: [], error: 'JetStream did not answer: TIMEOUT' });
    expect(view.generatedAt).toBe('2026-12-01T10:20:00.000Z');
    expect(view.openIssues).toEqual([expect.objectContaining({ code: 'workspace.missing', action: expect.stringContaining('provisioning') })]);
    expect(view.checks[0]).toEqual({ check: 'workspace-health', lastScheduledAt: '2026-12-01T10:15:00.000Z', lastRunAt: '2026-12-01T10:15:01.000Z', openIssues: 1 });
    expect(view.email).toMatchObject({ from: '2026-11-30T11:00:00.000Z', sent: 8, failed: 1, bounced: 1, pending: 2, failureRate: 0.2 });
    expect(view.email.hourly).toHaveLength(24);
    expect(view.timeline.entries).toEqual([{ at: '2026-12-01T10:00:00Z', subject: 'trial.expired', id: 'e1', source: 'billing', facts: { subscriptionId: 4 } }]);
    expect(view.schedules.find((s) => s.name === 'workspace-health')).toMatchObject({ lastSlot: '2026-12-01T10:15:00.000Z', tickLagSeconds: 300, stale: false });
    expect(view.schedules.find((s) => s.name === 'email-health')?.stale).toBe(true);
  });

  it('lists consumers with their lag when JetStream answers, outside consumers apart', async () => {
    const up: PipelineProbe = {
      state: async () => ({
        deadLetters: [{ consumer: 'billing--x', count: 1 }],
        consumers: [{ stream: 'CLOCK', consumer: 'billing--x', pending: 3, ackPending: 1 }],
        outsideConsumers: [{ stream: 'LIFECYCLE', consumer: 'chat-bridge', pending: 5000, ackPending: 2 }],
      }),
    };
    const view = await new HealthStatusUseCase(status, facts, up, healthSettings(), clock).execute();
    expect(view.pipeline).toEqual({
      consumers: [{ stream: 'CLOCK', consumer: 'billing--x', pending: 3, ackPending: 1, lag: 4 }],
      outsideConsumers: [{ stream: 'LIFECYCLE', consumer: 'chat-bridge', pending: 5000, ackPending: 2, lag: 5002 }],
      deadLetters: [{ consumer: 'billing--x', count: 1 }],
      error: null,
    });
  });
});
