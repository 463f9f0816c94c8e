import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';

export const APPS = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'] as const;

/**
 * Runs the named services (all five when none is named), each as its own process with its own
 * default HTTP port, and stops them together on Ctrl-C / SIGTERM.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .argument('[apps...]', `services to run: ${APPS.join(', ')}`)
    .description('run the services on the system clock, each in its own process')
    .action(async (names: string[]) => {
      const unknown = names.filter((n) => !(APPS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`unknown app ${unknown.join(', ')}; choose from ${APPS.join(', ')}`);
      const selected = names.length ? names : [...APPS];
      const children = selected.map((app) => startApp(app));
      const stop = (signal: NodeJS.Signals) => children.forEach((c) => c.exitCode === null && c.kill(signal));
      process.on('SIGINT', () => stop('SIGTERM'));
      process.on('SIGTERM', () => stop('SIGTERM'));
      const codes = await Promise.all(children.map((c) => new Promise<number>((r) => c.once('exit', (code) => r(code ?? 1)))));
      process.exitCode = codes.some((c) => c !== 0) ? 1 : 0;
    });
}

function startApp(app: string): ChildProcess {
  const main = join(__dirname, '..', '..', 'apps', app, 'src', 'main.js');
  const child = spawn(process.execPath, [main], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`lifecyclectl: ${app} exited (${signal ?? `code ${code}`})\n`);
  });
  return child;
}
