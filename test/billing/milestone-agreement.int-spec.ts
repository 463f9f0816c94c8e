import {
  billingSettings,
  dueMilestone,
  RENEWAL_REMINDER_SOURCE,
  ReminderRepository,
  TRIAL_REMINDER_SOURCE,
  type ReminderSource,
  WHOLE_TABLE,
  type PageCursor,
} from '@lifecycle/billing';
import { RENEWAL_REMINDER_DAYS, TRIAL_REMINDER_DAYS } from '@lifecycle/contracts';
import { BillingWorld, DAY, HOUR } from './billing-world';

const BASE = new Date('2026-12-01T09:00:00Z').getTime();

/** A small deterministic PRNG, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Row {
  endsAt: Date;
  startedAt: Date | null;
  createdAt: Date;
}

function randomRows(count: number, nows: number[], rnd: () => number): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    let end: number;
    if (i % 3 === 0) {
      // exactly on, or a millisecond around, a window edge of one of the nows
      const now = nows[Math.floor(rnd() * nows.length)];
      const d = [1, 3, 7][Math.floor(rnd() * 3)];
      end = now + d * DAY + 12 * HOUR + [-1, 0, 1][Math.floor(rnd() * 3)];
    } else {
      end = BASE + Math.floor((rnd() * 11 - 1) * DAY);
    }
    const edge = [1, 3, 7][Math.floor(rnd() * 3)] * DAY + [-1, 0, 1][Math.floor(rnd() * 3)];
    // every other row began exactly on, or a millisecond around, a milestone's applicability edge
    const start = i % 2 === 0 ? end - edge : end - Math.floor(rnd() * 15 * DAY);
    const created = end - Math.floor(rnd() * 20 * DAY);
    rows.push({ endsAt: new Date(end), startedAt: i % 5 === 0 ? null : new Date(start), createdAt: new Date(created) });
  }
  return rows;
}

describe('the milestone rule in SQL agrees with milestone.rule.ts', () => {
  let world: BillingWorld;

  beforeAll(async () => {
    world = await BillingWorld.create();
  });

  afterAll(() => world.dispose());

  it.each([
    ['trial', TRIAL_REMINDER_SOURCE, TRIAL_REMINDER_DAYS, 'trial'],
    ['renewal', RENEWAL_REMINDER_SOURCE, RENEWAL_REMINDER_DAYS, 'active'],
  ] as const)('%s reminders over 1,500 random subscriptions at 12 random times', async (kind, source: ReminderSource, milestones, status) => {
    const rnd = random(kind === 'trial' ? 42 : 4242);
    const nows = Array.from({ length: 12 }, () => BASE + Math.floor(rnd() * 8 * DAY));
    const rows = randomRows(1500, nows, rnd);
    await world.pool.query(`DELETE FROM subscriptions`);
    await world.pool.query(
      `INSERT INTO companies (name, subdomain, plan, preferred_currency, created_at, updated_at)
       SELECT 'c' || i, 'c' || i, 'team', 'USD', now(), now() FROM generate_series(1, $1::int) AS i ON CONFLICT DO NOTHING`,
      [rows.length],
    );
    const ends = rows.map((r) => r.endsAt);
    const starts = rows.map((r) => r.startedAt);
    const created = rows.map((r) => r.createdAt);
    const { rows: inserted } = await world.pool.query(
      `INSERT INTO subscriptions (company_id, plan, status, trial_starts_at, trial_ends_at, current_period_start, current_period_end, created_at, updated_at)
       SELECT c.id, 'team', $1::varchar, CASE WHEN $1::varchar = 'trial' THEN u.started END, CASE WHEN $1::varchar = 'trial' THEN u.ends END,
              CASE WHEN $1::varchar = 'active' THEN u.started END, CASE WHEN $1::varchar = 'active' THEN u.ends END, u.created, u.created
       FROM unnest($2::timestamp[], $3::timestamp[], $4::timestamp[]) WITH ORDINALITY AS u(ends, started, created, n)
       JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM companies) AS c ON c.n = u.n
       RETURNING id`,
      [status, ends, starts, created],
    );
    await world.pool.query(
      `INSERT INTO users (email, full_name, role, company_id, password_hash, created_at, updated_at)
       SELECT 'a' || c.id || '@example.com', 'A', 'admin', c.id, 'x', now(), now() FROM companies c
       WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.company_id = c.id AND u.role = 'admin')`,
    );
    const ids: number[] = inserted.map((r: { id: number }) => r.id).sort((a: number, b: number) => a - b);
    const repository = new ReminderRepository(world.dataSource.manager, source);
    const settings = billingSettings({ batchSize: 200 });

    for (const now of nows.map((n) => new Date(n))) {
      const sql = new Map<number, number>();
      for (let after: PageCursor | null = null; ; ) {
        const { page } = await repository.emitPage({ now, range: WHOLE_TABLE, after, limit: settings.batchSize, milestones }, (p) => {
          for (const c of p.due) {
            expect(sql.has(c.subscriptionId)).toBe(false); // no page reads a row twice
            sql.set(c.subscriptionId, c.daysBefore);
          }
          return [];
        });
        if (page.next === null) break;
        after = page.next;
      }
      const typescript = new Map<number, number>();
      rows.forEach((row, i) => {
        const d = dueMilestone({ endsAt: row.endsAt, startedAt: row.startedAt ?? row.createdAt, now, milestones });
        if (d !== null) typescript.set(ids[i], d);
      });
      expect(typescript.size).toBeGreaterThan(50);
      expect([...sql].sort(([a], [b]) => a - b)).toEqual([...typescript].sort(([a], [b]) => a - b));
    }
  });
});
