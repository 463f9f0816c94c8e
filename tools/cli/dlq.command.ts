import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { loadEnv } from '@lifecycle/config';
import { DeadLetterReplayer, DeadLetterRepository, type ReplayOutcome, type StoredDeadLetter } from '@lifecycle/housekeeping';
import { closeNats, connectNats, Namespace } from '@lifecycle/messaging';
import { parseDuration, SystemClock } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';
import { Palette } from './format/palette';
import { formatTable, truncate } from './format/table';
import { formatInstant, formatRelative } from './format/time';

async function withLetters<T>(work: (letters: DeadLetterRepository, nc: NatsConnection, namespace: Namespace) => Promise<T>): Promise<T> {
  const env = loadEnv('lifecyclectl', cliEnvSchema);
  const nc = await connectNats({ url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASS, token: env.NATS_TOKEN, name: 'lifecyclectl dlq' });
  try {
    const namespace = new Namespace(env.LIFECYCLE_NAMESPACE);
    return await work(new DeadLetterRepository(jetstream(nc), await jetstreamManager(nc), namespace), nc, namespace);
  } finally {
    await closeNats(nc);
  }
}

function letterJson(l: StoredDeadLetter) {
  return {
    seq: l.seq,
    storedAt: l.storedAt.toISOString(),
    consumer: l.consumer,
    originalSubject: l.originalSubject,
    eventId: l.eventId,
    reason: l.reason,
    deliveryCount: l.deliveryCount,
    error: l.error,
    deadAt: l.deadAt,
    stream: l.stream,
    streamSequence: l.streamSequence,
    headers: l.headers,
    payload: l.payload,
    payloadEncoding: l.payloadEncoding,
  };
}

function formatLetters(letters: readonly StoredDeadLetter[], palette: Palette): string {
  const now = new SystemClock().now();
  const rows = letters.map((l) => [
    String(l.seq),
    `${formatInstant(l.deadAt)} (${formatRelative(l.deadAt, now)})`,
    l.consumer,
    l.originalSubject,
    palette.paint(l.reason === 'max-deliveries' ? 'yellow' : 'red', l.reason),
    String(l.deliveryCount),
    truncate(l.error, 80),
  ]);
  const columns = [
    { header: 'SEQ', align: 'right' as const },
    { header: 'DIED' },
    { header: 'CONSUMER' },
    { header: 'SUBJECT' },
    { header: 'REASON' },
    { header: 'DELIVERIES', align: 'right' as const },
    { header: 'ERROR' },
  ];
  return formatTable(columns, rows);
}

function registerList(dlq: Command): void {
  dlq
    .command('list')
    .description('list the dead letters: why each died (reason, error), its consumer, original subject and deliveries')
    .option('--consumer <name>', 'only the letters of this consumer, e.g. billing--clock_tick_trial-expiry')
    .option('--json', 'print a JSON array (with each letter\'s headers and payload)')
    .action(async (options: { consumer?: string; json?: boolean }) => {
      const { letters, unreadable } = await withLetters((repo) => repo.list(options.consumer));
      for (const u of unreadable) process.stderr.write(`lifecyclectl: DLQ message ${u.seq} (${u.subject}) is not a dead letter: ${u.error}\n`);
      if (options.json) return void process.stdout.write(`${JSON.stringify(letters.map(letterJson), null, 2)}\n`);
      const scope = options.consumer ? ` of ${options.consumer}` : '';
      if (letters.length === 0) return void process.stdout.write(`no dead letters${scope}\n`);
      process.stdout.write(`${formatLetters(letters, Palette.for(process.stdout))}\n\n${letters.length} dead letter(s)${scope}. Replay: lifecyclectl dlq replay <seq…>\n`);
    });
}

function registerReplay(dlq: Command): void {
  dlq
    .command('replay')
    .description(
      'put dead letters back on their original subject (original payload and headers, the event id unchanged, a new Nats-Msg-Id), then delete them from the DLQ',
    )
    .argument('[seq...]', 'sequences from `dlq list`')
    .option('--all', 'every dead letter (of --consumer)')
    .option('--consumer <name>', 'only letters of this consumer')
    .option('--json', 'print the outcomes as JSON')
    .addHelpText(
      'after',
      '\nEvery consumer of the subject receives the replay; those that had handled the event skip it by its id.\nFix the cause first, or the event dies again.',
    )
    .action(async (seqs: string[], options: { all?: boolean; consumer?: string; json?: boolean }) => {
      if (Boolean(options.all) === seqs.length > 0) throw new Error('name the sequences to replay, or --all (not both)');
      const wanted = seqs.map((seq) => {
        if (!/^[1-9]\d*$/.test(seq)) throw new Error(`"${seq}" is not a dead letter sequence (a positive whole number from \`dlq list\`)`);
        return Number(seq);
      });
      const outcomes: ReplayOutcome[] = [];
      const failures: { seq: number; error: string }[] = [];
      await withLetters(async (repo, nc, namespace) => {
        const replayer = new DeadLetterReplayer(jetstream(nc), namespace, repo);
        const letters = options.all ? (await repo.list(options.consumer)).letters : [];
        for (const seq of wanted) {
          try {
            const letter = await repo.get(seq);
            if (options.consumer && letter.consumer !== options.consumer) throw new Error(`it belongs to ${letter.consumer}, not ${options.consumer}`);
            letters.push(letter);
          } catch (error) {
            failures.push({ seq, error: error instanceof Error ? error.message : String(error) });
          }
        }
        for (const letter of letters) {
          try {
            outcomes.push(await replayer.replay(letter));
          } catch (error) {
            failures.push({ seq: letter.seq, error: error instanceof Error ? error.message : String(error) });
          }
        }
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ replayed: outcomes, failed: failures }, null, 2)}\n`);
      else {
        for (const o of outcomes) {
          const dup = o.duplicate ? ' (JetStream already had this replay: not stored again)' : '';
          process.stdout.write(`replayed ${o.seq} of ${o.consumer}: ${o.subject} ${o.eventId ?? '(no event id)'} as ${o.msgId}${dup}\n`);
        }
        if (outcomes.length === 0 && failures.length === 0) process.stdout.write(`no dead letters${options.consumer ? ` of ${options.consumer}` : ''}\n`);
      }
      for (const f of failures) process.stderr.write(`lifecyclectl: dead letter ${f.seq} not replayed: ${f.error}\n`);
      if (failures.length > 0) process.exitCode = 1;
    });
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function registerPurge(dlq: Command): void {
  dlq
    .command('purge')
    .description('delete dead letters for good (all, of --consumer, or older than --older-than)')
    .option('--consumer <name>', 'only letters of this consumer')
    .option('--older-than <duration>', 'only letters that died more than this long ago, e.g. 7d')
    .option('--yes', 'do not ask (required when not on a terminal)')
    .action(async (options: { consumer?: string; olderThan?: string; yes?: boolean }) => {
      const cutoff = options.olderThan === undefined ? undefined : new Date(new SystemClock().now().getTime() - parseDuration(options.olderThan));
      const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
      if (!options.yes && !interactive) throw new Error('refusing to purge without --yes: not on a terminal, so there is nobody to ask');
      const purged = await withLetters(async (repo) => {
        const { letters, unreadable } = await repo.list(options.consumer);
        const doomed = [...letters, ...unreadable].filter((l) => !cutoff || l.storedAt < cutoff);
        if (doomed.length === 0) return 0;
        const what = `${doomed.length} dead letter(s)${options.consumer ? ` of ${options.consumer}` : ''}${cutoff ? ` older than ${options.olderThan}` : ''}`;
        if (!options.yes && !(await confirm(`Purge ${what}? This cannot be undone. [y/N] `))) throw new Error('not purged');
        return repo.purge(options.consumer, cutoff ? Math.max(...doomed.map((l) => l.seq)) + 1 : undefined);
      });
      process.stdout.write(purged === 0 ? 'nothing to purge\n' : `purged ${purged} dead letter(s)\n`);
    });
}

export function registerDlq(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('dead letters: events a consumer gave up on (stream DLQ, subjects dlq.<consumer>)')
    .addHelpText('after', '\nConsumer names are <service>--<subject with _ for .>, e.g. notifier--trial_expired.');
  registerList(dlq);
  registerReplay(dlq);
  registerPurge(dlq);
}
