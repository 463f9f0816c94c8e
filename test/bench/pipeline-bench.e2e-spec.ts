import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testInfra } from '@lifecycle/testing';
import { ROOT } from '../app-processes';

interface BenchResult {
  seeded: { s: number; t: number };
  sweeps: { sweep: string; scanned: number; rowsPerSecond: number }[];
  relay: { events: number; perSecond: number };
  mails: { accepted: number; requests: number; duplicates: number; recorded: number };
  workspaces: { stopped: number };
  peakRssMb: Record<string, number>;
  baselines: { jetstreamPublish: { perSecond: number }; postgresInsert: { perSecond: number } };
  ratios: { relayToRawPublish: number; mailsToRawPublish: number; peakRelayToRawPublish: number };
  relayDrain: { count: number; perSecond: number; ratioToRawPublish: number };
  relaysDrain: { count: number; relays: number; perSecond: number; ratioToRawPublish: number };
  peaks: { relayPerSecond: number; mailsPerSecond: number };
  cpuSeconds: Record<string, number>;
  postgresActivity: { key: string; share: number }[];
}

// The benchmark at a tiny size, so it cannot rot: five real service processes, one simulated day.
describe('pipeline bench (500 subscriptions)', () => {
  const out = mkdtempSync(join(tmpdir(), 'pipeline-bench-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('runs the day, checks its outcome and writes the figures and the chart', async () => {
    const main = join(ROOT, 'dist', 'tools', 'bench', 'pipeline.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\``);
    const child = spawn(process.execPath, [main, '--subscriptions', '500', '--out', out, '--timeout-minutes', '4'], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: testInfra().databaseUrl, NATS_URL: testInfra().natsUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    expect(output).toContain('checked: every expired trial');
    expect(output).toMatch(/ratios \(day average\): relay events\/s ÷ raw publish = [\d.]+ %/);
    expect(output).toMatch(/outbox relay alone: [\d,]+ committed events .* = [\d,]+ events\/s/);
    expect(output).toMatch(/outbox relays as deployed \(5, one per service\): [\d,]+ committed events .* = [\d,]+ events\/s/);

    const result = JSON.parse(readFileSync(join(out, 'performance-500.json'), 'utf8')) as BenchResult;
    expect(result.seeded.s).toBe(500);
    expect(result.sweeps.map((s) => s.sweep)).toEqual(expect.arrayContaining(['trial-expiry', 'trial-reminders']));
    expect(result.sweeps.find((s) => s.sweep === 'trial-expiry')!.scanned).toBeGreaterThan(0);
    expect(result.relay.events).toBeGreaterThan(0);
    expect(result.mails.accepted).toBeGreaterThan(0);
    expect(result.mails.duplicates).toBe(0);
    expect(result.mails.recorded).toBe(result.mails.accepted);
    expect(result.workspaces.stopped).toBeGreaterThan(0);
    expect(Object.keys(result.peakRssMb).sort()).toEqual(['billing', 'clock', 'health', 'notifier', 'workspace-guard']);
    for (const mb of Object.values(result.peakRssMb)) expect(mb).toBeGreaterThan(20);
    expect(result.baselines.jetstreamPublish.perSecond).toBeGreaterThan(0);
    expect(result.baselines.postgresInsert.perSecond).toBeGreaterThan(0);
    expect(result.ratios.relayToRawPublish).toBeCloseTo(result.relay.perSecond / result.baselines.jetstreamPublish.perSecond, 6);
    expect(result.relayDrain.count).toBeGreaterThan(0);
    expect(result.relayDrain.ratioToRawPublish).toBeCloseTo(result.relayDrain.perSecond / result.baselines.jetstreamPublish.perSecond, 6);
    expect(result.relaysDrain).toMatchObject({ count: result.relayDrain.count, relays: 5 });
    expect(result.relaysDrain.ratioToRawPublish).toBeCloseTo(result.relaysDrain.perSecond / result.baselines.jetstreamPublish.perSecond, 6);
    expect(result.peaks.relayPerSecond).toBeGreaterThan(0);
    expect(result.ratios.peakRelayToRawPublish).toBeCloseTo(result.peaks.relayPerSecond / result.baselines.jetstreamPublish.perSecond, 6);
    expect(Object.keys(result.cpuSeconds)).toEqual(expect.arrayContaining(['notifier', 'postgres', 'nats-server']));
    for (const a of result.postgresActivity) expect(a).toEqual({ key: expect.stringMatching(/^lifecycle-/), share: expect.any(Number) });

    const svg = readFileSync(join(out, 'performance-500.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('outbox relay events/s');
    expect(svg).toContain('raw JetStream publish/s');
  }, 300_000);
});
