import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, testInfra } from '@lifecycle/testing';
import { ROOT, spawnApp, type RunningApp } from '../app-processes';

export interface ClockProcess extends RunningApp {
  base: string;
  stop(): Promise<number | null>;
}

/** A clock service as its own process (`node dist/apps/clock/src/main.js`); resolves once /readyz answers 200. */
export async function startClockProcess(env: Record<string, string>): Promise<ClockProcess> {
  const port = await freePort();
  const run = spawnApp('clock', { NATS_URL: testInfra().natsUrl, HTTP_PORT: String(port), LOG_LEVEL: 'warn', ...env });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (run.child.exitCode !== null) throw new Error(`clock exited with ${run.child.exitCode}:\n${run.output()}`);
    const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`clock not ready within 30 s:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stop = async () => {
    if (run.child.exitCode === null) run.child.kill('SIGTERM');
    return run.exited;
  };
  return { ...run, base, stop };
}

/** The sum of a Prometheus counter over its label sets. */
export async function counterTotal(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `lifecyclectl …` through the real binary (bin/lifecyclectl → dist/tools/cli/main.js). */
export function lifecyclectl(args: string[], env: Record<string, string>): Promise<CliRun> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'lifecyclectl'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NATS_URL: testInfra().natsUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}
