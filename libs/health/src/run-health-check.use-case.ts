import type { HealthCheckName } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import { billingChecks } from './billing.checks';
import { emailChecks } from './email.checks';
import { alertEvents, reportEvent } from './health-events';
import { combineResults, distinctIssues, type CheckResult } from './health-issue.factory';
import type { HealthMetrics } from './health-metrics';
import type { Capped, GuardStoppedCompany } from './health-facts';
import type { DeliveryStatusPoller, HealthFacts, HealthLogger, IssueLifecycleStore, PipelineProbe, WorkspaceRuntimeProbe } from './health.ports';
import type { HealthSettings } from './health.settings';
import { pipelineChecks } from './pipeline.checks';

/** How long billing.late_settlement reports a late settlement before it resolves itself (docs/health.md). */
export const LATE_SETTLEMENT_NOTICE_MS = 86_400_000;
import { workspaceChecks } from './workspace.checks';

export interface HealthTick {
  /** The tick's scheduledAt: the checks' "now" (ARCHITECTURE.md, "Time enters only through ticks"). */
  now: Date;
  tickId: string;
}

export interface HealthRunSummary {
  check: HealthCheckName;
  tickId: string;
  now: string;
  issues: number;
  raised: number;
  resolved: number;
  stale: boolean;
  counts: Record<string, number>;
  durationSeconds: number;
}

/**
 * One run of a check family: read-only queries → pure checks → in one transaction the issue lifecycle
 * of that family and its events (`health.alert.raised` / `resolved`, `health.report`) in the outbox.
 */
export class RunHealthCheckUseCase {
  constructor(
    private readonly facts: HealthFacts,
    private readonly pipeline: PipelineProbe,
    private readonly issues: IssueLifecycleStore,
    private readonly settings: HealthSettings,
    private readonly clock: Clock,
    private readonly metrics: HealthMetrics,
    private readonly logger: HealthLogger,
    /**
     * poller: set when Mailjet's Event API webhook is absent (MAILJET_BOUNCE_POLL); runtime: the workspace
     * driver, whose real state decides workspace.stopped_while_active (systemd, docker).
     */
    private readonly edges: { poller?: DeliveryStatusPoller | null; runtime?: WorkspaceRuntimeProbe | null } = {},
  ) {}

  /** What a run at `now` finds, changing nothing. */
  async evaluate(check: HealthCheckName, now: Date): Promise<CheckResult> {
    const s = this.settings;
    const at = (offsetMs: number) => new Date(now.getTime() - offsetMs);
    switch (check) {
      case 'workspace-health': {
        const observesRuntime = this.edges.runtime?.observesRuntime ?? false;
        const [workspace, pipeline, slots] = await Promise.all([
          this.facts.workspace.read({ stopGraceCutoff: at(s.workspaceStopGraceMs), observesRuntime, ...this.bounds() }),
          this.pipeline.state(),
          this.facts.slots.read(),
        ]);
        const stopped = await this.stillStopped(workspace.guardStopped);
        return combineResults(
          workspaceChecks({ ...workspace, guardStopped: stopped.companies }, now, s),
          { issues: [], counts: { workspaceStateUnknown: stopped.unknown } },
          pipelineChecks(pipeline, slots, now, s),
          this.capNote(),
        );
      }
      case 'billing-health': {
        const billing = await this.facts.billing.read({
          now,
          invoiceCutoff: at(s.invoiceGraceMs),
          expiryCutoff: at(2 * s.expiryIntervalMs),
          maxPaymentRetries: s.maxPaymentRetries,
          lateSettlementSince: at(LATE_SETTLEMENT_NOTICE_MS),
          ...this.bounds(),
        });
        return combineResults(billingChecks(billing, now, s), this.capNote());
      }
      case 'email-health': {
        const email = await this.facts.email.read({ from: at(s.emailWindowMs), to: now, stuckBefore: at(s.emailStuckAfterMs) });
        return emailChecks(email, s);
      }
    }
  }

  /**
   * Of the workspaces the guard stopped, those still stopped: by the driver's real state when it has one
   * (a state it cannot read is not reported, only counted), else by is_running (the query's filter).
   */
  private async stillStopped(candidates: Capped<GuardStoppedCompany>): Promise<{ companies: Capped<GuardStoppedCompany>; unknown: number }> {
    const runtime = this.edges.runtime;
    if (!runtime?.observesRuntime) return { companies: candidates, unknown: 0 };
    let unknown = 0;
    const companies = await Promise.all(
      candidates.rows.map(async (company) => {
        const states = await Promise.all(
          company.workspaces.map((w) =>
            runtime.state({ id: w.workspaceId, name: w.workspaceName, linuxUsername: w.linuxUsername, isRunning: w.isRunning }).catch(() => 'unknown' as const),
          ),
        );
        unknown += states.filter((state) => state === 'unknown').length;
        return { ...company, workspaces: company.workspaces.filter((_, i) => states[i] === 'stopped') };
      }),
    );
    const rows = companies.filter((c) => c.workspaces.length > 0);
    return { companies: { rows, total: candidates.total - (candidates.rows.length - rows.length) }, unknown };
  }

  /**
   * Statuses of the messages sent in the two windows before the tick (a bounce may come in after its
   * hour was judged once). A failed poll is logged and the run judges what email_logs holds.
   */
  private async pollDeliveryStatuses(now: Date): Promise<Record<string, number>> {
    const poller = this.edges.poller;
    if (!poller) return {};
    try {
      const from = new Date(now.getTime() - 2 * this.settings.emailWindowMs);
      const summary = await poller.poll(from, now, now);
      return { mailjetPolled: summary.listed, mailjetProblems: summary.problems, mailjetApplied: summary.changed };
    } catch (error) {
      this.logger.warn(`email-health: polling Mailjet for bounces failed, judging email_logs as it is: ${String(error)}`);
      return { mailjetPollFailed: 1 };
    }
  }

  private bounds(): { limit: number; cap: number } {
    return { limit: this.settings.issueLimit, cap: Math.max(this.settings.countCap, this.settings.issueLimit) };
  }

  /** The report says where its counts stop: a count above `countCap` means "more than countCap". */
  private capNote(): CheckResult {
    return { issues: [], counts: { countCap: this.bounds().cap } };
  }

  async execute(check: HealthCheckName, tick: HealthTick): Promise<HealthRunSummary> {
    const stopTimer = this.metrics.startTimer(check);
    const polled = check === 'email-health' ? await this.pollDeliveryStatuses(tick.now) : {};
    const evaluated = await this.evaluate(check, tick.now);
    const result = { ...evaluated, counts: { ...evaluated.counts, ...polled } };
    const issues = distinctIssues(result.issues);
    const run = { check, now: tick.now, tickId: tick.tickId };
    const report = reportEvent(run, { ...result, issues });
    const outcome = await this.issues.record({ check, now: tick.now, runAt: this.clock.now(), issues }, (changes) => [
      ...alertEvents(run, changes),
      report,
    ]);
    if (outcome.stale) {
      this.logger.warn(`${check} ${tick.tickId}: older than the latest run of ${check}; report written, issues left as they are`);
    }
    return {
      check,
      tickId: tick.tickId,
      now: tick.now.toISOString(),
      issues: issues.length,
      raised: outcome.raised.length,
      resolved: outcome.resolved.length,
      stale: outcome.stale,
      counts: result.counts,
      durationSeconds: stopTimer(),
    };
  }
}
