// Run by utc-timestamps.int-spec.ts in a child process with its own TZ; prints what it observed as JSON.
import 'reflect-metadata';
import { CompanyEntity, createDataSource } from '@lifecycle/persistence';

async function main(): Promise<void> {
  const dataSource = await createDataSource(process.env.PROBE_DATABASE_URL!, { poolSize: 2 }).initialize();
  try {
    const companies = dataSource.getRepository(CompanyEntity);
    const written = new Date('2026-12-01T09:00:00.250Z');
    const saved = await companies.save(
      companies.create({ name: 'Probe', subdomain: 'probe', createdAt: written, updatedAt: written }),
    );
    await dataSource.query(`UPDATE companies SET updated_at = $1 WHERE id = $2`, [new Date('2026-06-15T21:30:00Z'), saved.id]);
    await dataSource.query(
      `INSERT INTO companies (name, subdomain, created_at, updated_at) VALUES ('Naive', 'naive', '2026-01-10 08:15:02.123456', now())`,
    );
    const read = await companies.findOneByOrFail({ id: saved.id });
    const stored = await dataSource.query(
      `SELECT to_char(created_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS created, to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS') AS updated
       FROM companies WHERE id = $1`,
      [saved.id],
    );
    const [naive] = await dataSource.query(`SELECT created_at, updated_at FROM companies WHERE subdomain = 'naive'`);
    const [session] = await dataSource.query(`SELECT current_setting('TimeZone') AS tz`);
    process.stdout.write(
      JSON.stringify({
        processOffsetMinutes: new Date('2026-12-01T00:00:00Z').getTimezoneOffset(),
        entityRead: { createdAt: read.createdAt.toISOString(), updatedAt: read.updatedAt.toISOString() },
        storedWallTime: stored[0],
        rawRead: (naive.created_at as Date).toISOString(),
        nowSkewMs: Math.abs((naive.updated_at as Date).getTime() - Date.now()),
        sessionTimeZone: session.tz,
      }),
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
