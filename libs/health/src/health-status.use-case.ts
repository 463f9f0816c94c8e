import { HEALTH_CHECKS } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import { HEALTH_CODES } from './health-codes';
import type { PipelineState, SlotFacts } from './health-facts';
import type { HealthStatus, PipelineView } from './health-status';
import type { PipelineProbe, SlotFactsStore } from './health.ports';
import type { HealthSettings } from './health.settings';
import { mailHours } from './mail-hours';
import { consumerLag } from './pipeline.checks';
import { scheduleView } from './schedule-staleness';
import type { StatusStore } from './status.store';
import { TIMELINE_SUBJECTS, timelineFacts } from './timeline-facts';

const HOUR = 3_600_000;
export const TIMELINE_LIMIT = 500;

const iso = (at: Date | null | undefined) => (at ? new Date(at).toISOString() : null);

/**
 * GET /status, as of the Clock port's now: open issues, schedules with last and next slot, consumer
 * lag and dead letters, mails of the current hour and the 23 before it, and the timeline of the last 24 h.
 * JetStream being unreachable does not fail the view: `pipeline.error` says so.
 */
export class HealthStatusUseCase {
  constructor(
    private readonly status: StatusStore,
    private readonly slots: SlotFactsStore,
    private readonly pipeline: PipelineProbe,
    private readonly settings: HealthSettings,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<HealthStatus> {
    const now = this.clock.now();
    const mailsFrom = new Date(Math.floor(now.getTime() / HOUR) * HOUR - 23 * HOUR);
    const timelineFrom = new Date(now.getTime() - 24 * HOUR);
    const [issues, runs, slots, hours, timeline, pipeline, withoutStoredCard] = await Promise.all([
      this.status.openIssues(),
      this.status.checkRuns(),
      this.slots.read(),
      this.status.mailsPerHour(mailsFrom, now),
      this.status.timeline(timelineFrom, now, TIMELINE_SUBJECTS, TIMELINE_LIMIT),
      this.pipelineView(),
      this.status.subscriptionsWithoutStoredCard(),
    ]);
    const totals = hours.reduce(
      (t, h) => ({ sent: t.sent + h.sent, failed: t.failed + h.failed, bounced: t.bounced + h.bounced, pending: t.pending + h.pending }),
      { sent: 0, failed: 0, bounced: 0, pending: 0 },
    );
    const judged = totals.sent + totals.failed + totals.bounced;
    return {
      generatedAt: now.toISOString(),
      openIssues: issues.map((i) => ({
        code: i.code,
        severity: i.severity,
        resource: i.resource,
        message: i.message,
        check: i.check,
        firstSeenAt: new Date(i.firstSeenAt).toISOString(),
        lastSeenAt: new Date(i.lastSeenAt).toISOString(),
        action: (HEALTH_CODES as Record<string, { action: string } | undefined>)[i.code]?.action ?? null,
      })),
      checks: HEALTH_CHECKS.map((check) => {
        const run = runs.find((r) => r.check === check);
        return {
          check,
          lastScheduledAt: iso(run?.lastScheduledAt),
          lastRunAt: iso(run?.lastRunAt),
          openIssues: issues.filter((i) => i.check === check).length,
        };
      }),
      schedules: this.schedules(slots, now),
      pipeline,
      email: {
        from: mailsFrom.toISOString(),
        to: now.toISOString(),
        ...totals,
        failureRate: judged === 0 ? 0 : (totals.failed + totals.bounced) / judged,
        hourly: mailHours(hours, mailsFrom, now),
      },
      billing: { withoutStoredCard, cardStorage: this.settings.cardStorage },
      timeline: {
        from: timelineFrom.toISOString(),
        to: now.toISOString(),
        limit: TIMELINE_LIMIT,
        entries: timeline.map((t) => ({ at: t.occurredAt, subject: t.subject, id: t.eventId, source: t.source, facts: timelineFacts(t.data) })),
      },
    };
  }

  private schedules(slots: SlotFacts, now: Date) {
    const last = new Map(slots.lastSlots.map((s) => [s.schedule, s.lastSlot]));
    return this.settings.schedules.map((def) => scheduleView(def, last.get(def.name), slots.firstSlot, now));
  }

  private async pipelineView(): Promise<PipelineView> {
    let state: PipelineState;
    try {
      state = await this.pipeline.state();
    } catch (error) {
      return { consumers: [], outsideConsumers: [], deadLetters: [], error: `JetStream did not answer: ${error instanceof Error ? error.message : String(error)}` };
    }
    const withLag = (consumers: PipelineState['consumers']) => consumers.map((c) => ({ ...c, lag: consumerLag(c) }));
    return {
      consumers: withLag(state.consumers),
      outsideConsumers: withLag(state.outsideConsumers),
      deadLetters: state.deadLetters,
      error: null,
    };
  }
}
