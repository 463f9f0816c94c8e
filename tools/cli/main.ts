import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@lifecycle/config';
import { registerMigrate } from './migrate.command';
import { registerStart } from './start.command';

const program = new Command('lifecyclectl')
  .description('operate the subscription-lifecycle services')
  .showHelpAfterError()
  .exitOverride();

registerMigrate(program);
registerStart(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  const message = error instanceof ConfigError ? error.message : `lifecyclectl: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
