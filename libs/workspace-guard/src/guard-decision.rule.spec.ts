import { judge, type CompanyDecision } from './guard-decision.rule';
import type { DesiredState } from './guard-event';

const at = (iso: string) => new Date(iso);
const event = (id: string, occurredAt: string, desired: DesiredState) => ({ id, occurredAt: at(occurredAt), desired });
const decided = (eventId: string, decidedAt: string, desired: DesiredState): CompanyDecision => ({ eventId, decidedAt: at(decidedAt), desired });

describe('judge: per company, the event that happened last wins', () => {
  it('applies the first event of a company', () => {
    expect(judge(null, event('e1', '2026-12-08T09:00:00Z', 'suspended'))).toBe('apply');
  });

  it('applies a newer event and ignores an older one, whatever the desired state', () => {
    const current = decided('expired', '2026-12-08T09:00:00Z', 'suspended');
    expect(judge(current, event('reactivated', '2026-12-08T11:00:00Z', 'running'))).toBe('apply');
    expect(judge(current, event('older-reactivation', '2026-12-08T08:59:59.999Z', 'running'))).toBe('stale');
    expect(judge(current, event('older-suspension', '2026-12-01T00:00:00Z', 'suspended'))).toBe('stale');
  });

  it('ignores a trial.expired that arrives after the reactivation that followed it', () => {
    const current = decided('reactivated', '2026-12-08T11:00:00Z', 'running');
    expect(judge(current, event('expired', '2026-12-08T09:00:00Z', 'suspended'))).toBe('stale');
  });

  it('applies the deciding event again, so a redelivery finishes its work', () => {
    const current = decided('expired', '2026-12-08T09:00:00Z', 'suspended');
    expect(judge(current, event('expired', '2026-12-08T09:00:00Z', 'suspended'))).toBe('apply');
  });

  it('at the same instant lets running win, in either arrival order', () => {
    const instant = '2026-12-08T09:00:00Z';
    expect(judge(decided('suspended', instant, 'suspended'), event('reactivated', instant, 'running'))).toBe('apply');
    expect(judge(decided('reactivated', instant, 'running'), event('suspended', instant, 'suspended'))).toBe('stale');
    expect(judge(decided('expired', instant, 'suspended'), event('suspended', instant, 'suspended'))).toBe('stale');
  });
});
