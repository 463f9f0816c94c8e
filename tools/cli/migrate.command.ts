import type { Command } from 'commander';
import { Client } from 'pg';
import { applyServiceGrants, ensureDatabase, runMigrations, serviceGrantStatements } from '@lifecycle/persistence';
import { loadEnv } from '@lifecycle/config';
import { cliEnvSchema } from './cli.env';

/** `migrate` and `grants`: the database's owner creates the schema and gives the services their role. */
export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('create the database named in DATABASE_URL when missing, then apply pending migrations (as the owner)')
    .option('--grant <role>', "then give this role the services' privileges and nothing more (see `grants`)")
    .action(async (options: { grant?: string }) => {
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      const database = new URL(env.DATABASE_URL).pathname.slice(1);
      if (await ensureDatabase(env.DATABASE_URL)) process.stdout.write(`created database ${database}\n`);
      const applied = await runMigrations(env.DATABASE_URL);
      if (applied.length === 0) process.stdout.write(`database ${database}: schema is up to date\n`);
      for (const name of applied) process.stdout.write(`applied ${name}\n`);
      if (options.grant) {
        const statements = await applyServiceGrants(env.DATABASE_URL, options.grant);
        process.stdout.write(`granted the services' privileges to ${options.grant} (${statements.length} statements)\n`);
      }
    });

  program
    .command('grants <role>')
    .description("the GRANTs that let the services run as <role>: their tables' rows, no DDL (printed; --apply runs them as the owner)")
    .option('--apply', 'run them on the database in DATABASE_URL, in one transaction')
    .action(async (role: string, options: { apply?: boolean }) => {
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      if (options.apply) {
        const statements = await applyServiceGrants(env.DATABASE_URL, role);
        process.stdout.write(`${statements.map((s) => `${s};`).join('\n')}\n-- applied\n`);
        return;
      }
      const client = new Client({ connectionString: env.DATABASE_URL, application_name: 'lifecyclectl-grants' });
      await client.connect();
      try {
        process.stdout.write(`${(await serviceGrantStatements(client, role)).map((s) => `${s};`).join('\n')}\n`);
      } finally {
        await client.end();
      }
    });
}
