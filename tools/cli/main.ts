import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@lifecycle/config';
import { registerMigrate } from './migrate.command';
import { registerPreview } from './preview.command';
import { registerStart } from './start.command';
import { registerWorkspaces } from './workspaces.command';
import { registerTimers } from './timers.command';
import { registerTick } from './tick.command';
import { registerClock } from './clock.command';
import { registerTail } from './tail.command';
import { registerDlq } from './dlq.command';
import { registerAlert } from './alert.command';
import { registerBackup } from './backup.command';
import { registerDemo } from './demo/demo.command';

const program = new Command('lifecyclectl')
  .description('operate the subscription-lifecycle services')
  .showHelpAfterError()
  .exitOverride();

registerMigrate(program);
registerPreview(program);
registerStart(program);
registerWorkspaces(program);
registerTimers(program);
registerTick(program);
registerClock(program);
registerTail(program);
registerDlq(program);
registerAlert(program);
registerBackup(program);
registerDemo(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof ConfigError ? error.message : `lifecyclectl: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
