import { ensureDatabase, runMigrations } from '@lifecycle/persistence';
import { DEFAULT_DATABASE_URL, DEFAULT_NATS_URL, TEST_ENV, withDatabase } from './infra';
import { randomId } from './random-id';
import { startContainers } from './containers';

export default async function globalSetup(): Promise<void> {
  const runId = randomId(6);
  let databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  let natsUrl = process.env.NATS_URL ?? DEFAULT_NATS_URL;
  let kind: 'testcontainers' | 'local' = 'local';

  const containers = process.env.LC_TEST_CONTAINERS === 'off' ? null : await startContainers();
  if (containers) {
    ({ databaseUrl, natsUrl } = containers);
    kind = 'testcontainers';
  }

  const templateDatabase = `lc_tpl_${runId}`;
  const templateUrl = withDatabase(databaseUrl, templateDatabase);
  await ensureDatabase(templateUrl);
  await runMigrations(templateUrl);

  Object.assign(process.env, {
    [TEST_ENV.databaseUrl]: databaseUrl,
    [TEST_ENV.natsUrl]: natsUrl,
    [TEST_ENV.templateDatabase]: templateDatabase,
    [TEST_ENV.runId]: runId,
    [TEST_ENV.infra]: kind,
  });
  const where = kind === 'testcontainers' ? 'containers started by testcontainers' : 'the running local services';
  process.stdout.write(`\nintegration tests (run ${runId}): PostgreSQL ${redact(databaseUrl)}, NATS ${natsUrl} — ${where}\n`);
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
