import { InvalidArgumentError, Option, type Command } from 'commander';
import { jetstream } from '@nats-io/jetstream';
import { loadEnv } from '@lifecycle/config';
import { STREAM_NAMES, type StreamName } from '@lifecycle/contracts';
import { StreamTail, tailScope, type StreamMessage } from '@lifecycle/housekeeping';
import { closeNats, connectNats, Namespace } from '@lifecycle/messaging';
import { SystemClock } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';
import { formatTailJson, formatTailLine } from './format/event-line';
import { positiveCount } from './format/options';
import { Palette } from './format/palette';
import { parseSince } from './format/time';

interface TailOptions {
  since?: string;
  stream: StreamName[];
  json?: boolean;
  limit?: number;
  follow: boolean;
}

const streamName = (value: string, previous: StreamName[]): StreamName[] => {
  const name = value.toUpperCase();
  if (!(STREAM_NAMES as readonly string[]).includes(name)) throw new InvalidArgumentError(`unknown stream; streams: ${STREAM_NAMES.join(', ')}`);
  return [...previous, name as StreamName];
};

export function registerTail(program: Command): void {
  program
    .command('tail')
    .description('follow the event streams live, one line per event: time, subject, the facts that matter, correlation id')
    .argument('[subject]', 'a subject pattern, e.g. trial.>, payment.failed, *.expired, dlq.>; ">" is everything', '>')
    .option('--since <when>', 'first print what was stored since then: a duration back (15m, 1h, 2d) or an ISO time (default: only new events)')
    .addOption(new Option('--stream <name>', `read only this stream (repeatable): ${STREAM_NAMES.join(', ')}`).argParser(streamName).default([], 'every stream'))
    .option('--json', 'print each event as stored (its JSON envelope; a dead letter for dlq.*), one per line')
    .option('--limit <n>', 'exit after printing n events', positiveCount)
    .option('--no-follow', 'exit once what was stored since --since is printed')
    .addHelpText('after', '\nColours only on a terminal, and never with NO_COLOR set. Ctrl-C stops (exit 0).')
    .action(async (pattern: string, options: TailOptions) => {
      if (!options.follow && !options.since) throw new Error('--no-follow prints stored events only: give --since too (e.g. --since 1h)');
      const since = options.since === undefined ? undefined : parseSince(options.since, new SystemClock().now());
      const scopes = tailScope(pattern, options.stream.length ? options.stream : undefined);
      if (scopes.length === 0) throw new Error(`no stream carries subjects matching "${pattern}"${options.stream.length ? ` among ${options.stream.join(', ')}` : ''}`);
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      const palette = Palette.for(process.stdout);
      const nc = await connectNats({ url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASS, token: env.NATS_TOKEN, name: 'lifecyclectl tail' });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      // `tail | head` closes the pipe: stop quietly.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' ? stop.abort() : undefined));
      let printed = 0;
      const print = (message: StreamMessage) => {
        process.stdout.write(`${options.json ? formatTailJson(message) : formatTailLine(message, palette)}\n`);
        printed++;
        return options.limit === undefined || printed < options.limit;
      };
      try {
        const { missing } = await new StreamTail(jetstream(nc), new Namespace(env.LIFECYCLE_NAMESPACE)).run(
          { scopes, pattern, since, follow: options.follow },
          print,
          stop.signal,
        );
        if (missing.length) process.stderr.write(`lifecyclectl: stream(s) ${missing.join(', ')} do not exist yet; not read\n`);
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await closeNats(nc);
      }
    });
}
