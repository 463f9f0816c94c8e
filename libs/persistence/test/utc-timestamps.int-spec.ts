import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@lifecycle/testing';

const run = promisify(execFile);

/** jest's sandbox cannot change the process time zone, so the probe runs in a node process of its own. */
async function probe(databaseUrl: string, tz: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['-r', join(__dirname, 'swc-register.js'), join(__dirname, 'utc-round-trip.probe.ts')], {
    env: { ...process.env, TZ: tz, PROBE_DATABASE_URL: databaseUrl },
    timeout: 30_000,
  });
  return JSON.parse(stdout);
}

describe('naive platform timestamps', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it.each(['Europe/Istanbul', 'America/New_York'])('round-trip as UTC in a process running in %s', async (tz) => {
    const observed = await probe(db.url, tz);

    expect(observed).toEqual({
      processOffsetMinutes: tz === 'Europe/Istanbul' ? -180 : 300,
      entityRead: { createdAt: '2026-12-01T09:00:00.250Z', updatedAt: '2026-06-15T21:30:00.000Z' },
      storedWallTime: { created: '2026-12-01T09:00:00.250', updated: '2026-06-15T21:30:00' },
      rawRead: '2026-01-10T08:15:02.123Z',
      nowSkewMs: expect.any(Number),
      sessionTimeZone: 'UTC',
    });
    expect(observed.nowSkewMs).toBeLessThan(5_000);
  });
});
