import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';

const APPS = ['billing', 'notifier', 'workspace-guard', 'health', 'clock'];

/**
 * `start` runs the named services (all when none is named) in one process on one HTTP port (default 8080):
 * a single-box deployment. `--separate` runs each in its own process on its own port instead.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .argument('[apps...]', `services to run: ${APPS.join(', ')} (default: all)`)
    .option('--separate', 'one process per service, each on its own HTTP_PORT default (8081…8085)')
    .description('run the services on the configured clock (all-in-one by default)')
    .action(async (names: string[], options: { separate?: boolean }) => {
      const unknown = names.filter((n) => !APPS.includes(n));
      if (unknown.length) throw new Error(`unknown app ${unknown.join(', ')}; choose from ${APPS.join(', ')}`);
      const selected = APPS.filter((app) => names.length === 0 || names.includes(app));
      if (!options.separate) {
        // Loaded here: the other verbs need not pay for booting Nest and every service module.
        const { runAllInOne } = require('../../libs/runtime/src') as typeof import('@lifecycle/runtime');
        const { ALL_SERVICES } = require('./all-services') as typeof import('./all-services');
        return runAllInOne(selected.map((app) => ALL_SERVICES[app]));
      }
      const children = selected.map((app) => startApp(app));
      const stop = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
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
