import type { SeededCompany } from '../support/seed';
import { replayLifecycle } from './lifecycle-model';
import { expectedSlots } from './schedule-model';
import { compareCounts, once, tally } from './tally';

const START = new Date('2026-12-01T00:00:00Z');
const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

let nextId = 1;
function company(overrides: Partial<SeededCompany>): SeededCompany {
  const id = nextId++;
  return {
    status: 'trial',
    createdAt: at('2026-11-01T00:00:00Z'),
    admin: true,
    workspaces: 1,
    workspacesRunning: true,
    companyId: id,
    subscriptionId: id,
    adminId: id,
    adminEmail: `admin${id}@x.example`,
    workspaceIds: [id],
    ...overrides,
  };
}

describe('the independent replay of the rules (scenario 5 checker)', () => {
  it('sends 7, 3 and 1 day reminders at the first daily tick each is due, then expires at the first 2-hourly tick after the end', () => {
    const trial = company({ trialStartsAt: at('2026-11-26T12:30:00Z'), trialEndsAt: at('2026-12-10T12:30:00Z') });
    const { events, status } = replayLifecycle([trial], START, new Date(START.getTime() + 12 * DAY));
    expect(events.map((e) => `${e.id} @ ${e.at.toISOString()}`)).toEqual([
      // 7-day window opens 12-03 00:30 → first 09:00 tick is 12-03
      `trial.expiring:sub-${trial.subscriptionId}:7d:2026-12-10T12:30:00Z @ 2026-12-03T09:00:00.000Z`,
      // 3-day window opens 12-07 00:30
      `trial.expiring:sub-${trial.subscriptionId}:3d:2026-12-10T12:30:00Z @ 2026-12-07T09:00:00.000Z`,
      // 1-day window opens 12-09 00:30
      `trial.expiring:sub-${trial.subscriptionId}:1d:2026-12-10T12:30:00Z @ 2026-12-09T09:00:00.000Z`,
      `trial.expired:sub-${trial.subscriptionId}:2026-12-10T12:30:00Z @ 2026-12-10T14:00:00.000Z`,
    ]);
    expect(status.get(trial.subscriptionId)).toBe('expired');
  });

  it('gives a trial created 2 days before its end only the 1-day reminder, and skips a company without an admin', () => {
    const short = company({ trialStartsAt: at('2026-12-03T10:00:00Z'), createdAt: at('2026-12-03T10:00:00Z'), trialEndsAt: at('2026-12-05T10:00:00Z') });
    const orphan = company({ admin: false, adminEmail: null, trialStartsAt: at('2026-11-20T00:00:00Z'), trialEndsAt: at('2026-12-04T00:00:00Z') });
    const { events, status } = replayLifecycle([short, orphan], START, new Date(START.getTime() + 6 * DAY));
    expect(events.map((e) => e.id)).toEqual([
      `trial.expiring:sub-${short.subscriptionId}:1d:2026-12-05T10:00:00Z`,
      `trial.expired:sub-${short.subscriptionId}:2026-12-05T10:00:00Z`,
    ]);
    expect(status.get(orphan.subscriptionId)).toBe('trial');
  });

  it('sends the smallest due milestone after a late start (no 7-day mail when 3 days are left) and renewal reminders only without cancel_at_period_end', () => {
    const late = company({ trialStartsAt: at('2026-11-20T00:00:00Z'), trialEndsAt: at('2026-12-03T20:00:00Z') });
    const renewing = company({ status: 'active', periodStart: at('2026-11-10T10:00:00Z'), periodEnd: at('2026-12-10T10:00:00Z') });
    const cancelling = company({ status: 'active', periodStart: at('2026-11-10T10:00:00Z'), periodEnd: at('2026-12-10T10:00:00Z'), cancelAtPeriodEnd: true });
    const { events } = replayLifecycle([late, renewing, cancelling], START, new Date(START.getTime() + 4 * DAY));
    expect(events.map((e) => e.id)).toEqual([
      // 12-01 09:00: the 7- and 3-day windows are open, the smaller is sent
      `trial.expiring:sub-${late.subscriptionId}:3d:2026-12-03T20:00:00Z`,
      // 12-02 09:00: the 1-day window opened at 08:00
      `trial.expiring:sub-${late.subscriptionId}:1d:2026-12-03T20:00:00Z`,
      // 12-03 10:00: the 7-day window opened 12-02 22:00
      `renewal.upcoming:sub-${renewing.subscriptionId}:7d:2026-12-10T10:00:00Z`,
      `trial.expired:sub-${late.subscriptionId}:2026-12-03T20:00:00Z`,
    ]);
  });
});

describe('the schedule table as arithmetic (scenario 7 checker)', () => {
  it('has 141 slots in a day: 96 + 24 + 12 + 4 + 5 daily ones', () => {
    const slots = expectedSlots(START, new Date(START.getTime() + DAY));
    expect(slots).toHaveLength(141);
    expect(slots[0].id).toBe('workspace-health@2026-12-01T00:15:00Z');
    expect(slots.at(-1)!.at.toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });
});

describe('compareCounts', () => {
  it('names what is missing, doubled and unexpected', () => {
    expect(compareCounts('mails', once(['a', 'b', 'c']), tally(['a', 'a', 'c', 'd'], (x) => x))).toEqual([
      'mails: 1 missing, e.g. b',
      'mails: 1 with a wrong count, e.g. a ×2 (expected 1)',
      'mails: 1 unexpected, e.g. d',
    ]);
  });
});
