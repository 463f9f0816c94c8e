import { FakeClock } from '@lifecycle/time';
import type { RetentionStore, RetentionTable } from './data-retention.ports';
import { retentionSettings } from './data-retention.settings';
import { DataRetentionUseCase } from './data-retention.use-case';

class FakeStore implements RetentionStore {
  readonly calls: [RetentionTable, string, number][] = [];
  constructor(private readonly rows: Partial<Record<RetentionTable, number>>) {}

  async deleteBatch(table: RetentionTable, before: Date, limit: number): Promise<number> {
    this.calls.push([table, before.toISOString(), limit]);
    const left = this.rows[table] ?? 0;
    const n = Math.min(left, limit);
    this.rows[table] = left - n;
    return n;
  }
}

describe('DataRetentionUseCase', () => {
  it('deletes in batches until a batch comes back short, and reports the counts and cutoffs', async () => {
    const store = new FakeStore({ outbox_events: 7, processed_messages: 3, email_logs: 1 });
    const metrics: [string, number][] = [];
    const useCase = new DataRetentionUseCase(store, retentionSettings({ batchSize: 3 }), new FakeClock('2026-12-01T03:00:01Z'), {
      deleted: (table, rows) => void metrics.push([table, rows]),
    });
    const summary = await useCase.execute({ now: new Date('2026-12-01T03:00:00Z'), tickId: 'data-retention@2026-12-01T03:00:00Z' });
    expect(summary.deleted).toEqual({ outbox_events: 7, processed_messages: 3, clock_slots: 0, email_logs: 1, audit_logs: 0 });
    expect(summary.cutoffs).toEqual({
      outbox_events: '2026-11-01T03:00:00Z',
      processed_messages: '2026-11-01T03:00:00Z',
      clock_slots: '2026-11-01T03:00:00Z',
      email_logs: '2024-12-01T03:00:00Z',
      audit_logs: '2024-12-01T03:00:00Z',
    });
    // 7 rows in batches of 3: 3, 3, 1; exactly 3: a second, empty batch confirms the end.
    expect(store.calls.filter(([t]) => t === 'outbox_events').length).toBe(3);
    expect(store.calls.filter(([t]) => t === 'processed_messages').length).toBe(2);
    expect(metrics).toEqual([
      ['outbox_events', 3],
      ['outbox_events', 3],
      ['outbox_events', 1],
      ['processed_messages', 3],
      ['email_logs', 1],
    ]);
  });

  it('leaves the evidence tables alone when EVIDENCE_RETENTION is off', async () => {
    const store = new FakeStore({ email_logs: 5, audit_logs: 5 });
    const useCase = new DataRetentionUseCase(store, retentionSettings({ evidenceMs: null }), new FakeClock(), { deleted: () => undefined });
    const summary = await useCase.execute({ now: new Date('2026-12-01T03:00:00Z'), tickId: 't' });
    expect(summary.deleted).toMatchObject({ email_logs: 0, audit_logs: 0 });
    expect(summary.cutoffs).toMatchObject({ email_logs: null, audit_logs: null });
    expect(store.calls.map(([t]) => t)).toEqual(['outbox_events', 'processed_messages', 'clock_slots']);
  });
});
