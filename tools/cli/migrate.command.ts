import type { Command } from 'commander';
import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { loadEnv } from '@lifecycle/config';
import { cliEnvSchema } from './cli.env';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database named in DATABASE_URL when missing, then apply pending migrations')
    .action(async () => {
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      const database = new URL(env.DATABASE_URL).pathname.slice(1);
      if (await ensureDatabase(env.DATABASE_URL)) process.stdout.write(`created database ${database}\n`);
      const applied = await runMigrations(env.DATABASE_URL);
      if (applied.length === 0) process.stdout.write(`database ${database}: schema is up to date\n`);
      for (const name of applied) process.stdout.write(`applied ${name}\n`);
    });
}
