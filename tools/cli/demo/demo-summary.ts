import type { Client } from 'pg';
import type { SeededCompany } from './demo-seed';

export interface DemoSummary {
  seconds: number;
  ticks: number;
  mails: number;
  mailDir: string;
  events: Record<string, number>;
  companies: { name: string; status: string; workspacesRunning: number; workspaces: number; invoices: string[] }[];
}

export async function demoSummary(
  db: Client,
  cast: SeededCompany[],
  run: { ticks: number; mails: number; mailDir: string; seconds: number; counts: Map<string, number> },
): Promise<DemoSummary> {
  const { rows } = await db.query<{ id: number; status: string; running: number; total: number; invoices: string[] }>(
    `SELECT s.id, s.status,
            (SELECT count(*)::int FROM workspaces w WHERE w.company_id = s.company_id AND w.is_running) AS running,
            (SELECT count(*)::int FROM workspaces w WHERE w.company_id = s.company_id) AS total,
            COALESCE((SELECT array_agg(i.invoice_number ORDER BY i.id) FROM invoices i WHERE i.company_id = s.company_id), '{}') AS invoices
       FROM subscriptions s WHERE s.id = ANY($1)`,
    [cast.map((c) => c.subscriptionId)],
  );
  const bySubscription = new Map(rows.map((r) => [r.id, r]));
  return {
    seconds: Math.round(run.seconds * 10) / 10,
    ticks: run.ticks,
    mails: run.mails,
    mailDir: run.mailDir,
    events: Object.fromEntries([...run.counts].sort()),
    companies: cast.map((c) => {
      const row = bySubscription.get(c.subscriptionId);
      return { name: c.name, status: row?.status ?? 'missing', workspacesRunning: row?.running ?? 0, workspaces: row?.total ?? 0, invoices: row?.invoices ?? [] };
    }),
  };
}

export function printSummary(summary: DemoSummary, out: (line?: string) => void, where: { namespace: string; port: number; keep: boolean }): void {
  out('\nSummary');
  out(`  ${summary.ticks} ticks, ${Object.values(summary.events).reduce((a, b) => a + b, 0)} events, ${summary.mails} mails, in ${summary.seconds} s`);
  for (const [subject, count] of Object.entries(summary.events)) out(`    ${subject.padEnd(28)} ${count}`);
  out('\n  company            subscription  workspaces running  invoices');
  for (const c of summary.companies) {
    out(`  ${c.name.padEnd(18)} ${c.status.padEnd(13)} ${`${c.workspacesRunning}/${c.workspaces}`.padEnd(19)} ${c.invoices.join(', ') || '—'}`);
  }
  out('\nWhere to look');
  out(`  the mails:        ${summary.mailDir}/index.html`);
  out(`  the event trail:  LIFECYCLE_NAMESPACE=${where.namespace} lifecyclectl tail --since 30d --no-follow`);
  out(
    where.keep
      ? `  the status page:  http://127.0.0.1:${where.port}/   (services keep running; Ctrl-C stops them)`
      : `  the status page:  lifecyclectl demo --keep, then http://127.0.0.1:${where.port}/`,
  );
}
