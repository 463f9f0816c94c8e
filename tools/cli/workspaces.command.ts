import type { Command } from 'commander';
import { loadEnv } from '@lifecycle/config';
import { assertSchemaMigrated, createDataSource } from '@lifecycle/persistence';
import {
  createWorkspaceDriver,
  DescribeWorkspaces,
  WorkspaceListingRepository,
  workspaceDriverEnv,
  workspaceDriverSettings,
  type CompanyWorkspaces,
  type DescribedWorkspace,
} from '@lifecycle/workspace-guard';
import { cliEnvSchema } from './cli.env';

export const workspacesEnvSchema = cliEnvSchema.extend(workspaceDriverEnv);

/** `lifecyclectl workspaces <company>`: database state and, where the driver can tell, the real unit or container state. */
export function registerWorkspaces(program: Command): void {
  program
    .command('workspaces')
    .argument('<company>', 'company id or subdomain')
    .option('--json', 'print JSON instead of a table')
    .description("a company's workspaces: database state and the driver's view (WORKSPACE_DRIVER)")
    .action(async (reference: string, options: { json?: boolean }) => {
      const env = loadEnv('lifecyclectl', workspacesEnvSchema);
      const dataSource = createDataSource(env.DATABASE_URL, { poolSize: 2, applicationName: 'lifecyclectl' });
      await dataSource.initialize();
      try {
        await assertSchemaMigrated(dataSource);
        const driver = createWorkspaceDriver(workspaceDriverSettings(env));
        const report = await new DescribeWorkspaces(new WorkspaceListingRepository(dataSource.manager), driver).execute(reference);
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report));
      } finally {
        await dataSource.destroy();
      }
    });
}

const iso = (date: Date | null) => (date ? date.toISOString().replace('.000Z', 'Z') : '-');

function runtimeCell(ws: DescribedWorkspace): string {
  if (ws.runtime === null) return '-';
  const disagrees = (ws.runtime === 'running' && !ws.isRunning) || (ws.runtime === 'stopped' && ws.isRunning);
  return disagrees ? `${ws.runtime} !` : ws.runtime;
}

function renderTable(report: CompanyWorkspaces): string {
  const { company, decision, driver } = report;
  const lines = [
    `company ${company.id} ${company.name} (${company.subdomain}), status ${company.status}; driver ${driver}`,
    decision
      ? `workspace-guard: ${decision.desired} since ${iso(decision.decidedAt)} (${decision.eventId})`
      : 'workspace-guard: no decision yet',
    '',
  ];
  const header = ['ID', 'NAME', 'LINUX USER', 'STATUS', 'RUNNING', 'WAS RUNNING', 'LAST STOPPED', 'LAST STARTED', driver === 'database' ? 'RUNTIME' : `RUNTIME (${driver === 'systemd' ? 'unit' : 'container'})`];
  const rows = report.workspaces.map((ws) => [
    String(ws.id),
    ws.name,
    ws.linuxUsername,
    ws.status,
    ws.isRunning ? 'yes' : 'no',
    ws.wasRunning === null ? '-' : ws.wasRunning ? 'yes' : 'no',
    iso(ws.lastStoppedAt),
    iso(ws.lastStartedAt),
    ws.runtime === null ? '-' : `${runtimeCell(ws)}${ws.target ? ` (${ws.target})` : ''}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  lines.push(format(header), ...rows.map(format));
  if (rows.length === 0) lines.push('(no workspaces)');
  const notes: string[] = [];
  if (driver === 'database') notes.push('RUNTIME: the database driver cannot see units or containers');
  if (report.workspaces.some((ws) => runtimeCell(ws).endsWith('!'))) notes.push('!: the runtime state differs from is_running');
  for (const ws of report.workspaces) if (ws.runtimeError) notes.push(`workspace ${ws.id}: ${ws.runtimeError}`);
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}
