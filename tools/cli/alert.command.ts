import type { Command } from 'commander';
import { jetstream } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { loadEnv } from '@lifecycle/config';
import { assertUnitName, readUnitJournal, unitFailedAlert } from '@lifecycle/housekeeping';
import { closeNats, connectNats, Namespace } from '@lifecycle/messaging';
import { SystemClock } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';

interface AlertOptions {
  unit: string;
  message?: string;
  journal: boolean;
  json?: boolean;
}

export function registerAlert(program: Command): void {
  program
    .command('alert')
    .description("tell the operator a systemd unit failed: publishes health.alert.raised (unit.failed, critical), which the notifier mails to OPS_ALERT_EMAIL")
    .requiredOption('--unit <name>', 'the unit that failed, e.g. lifecycle-billing.service (the OnFailure= template passes %i)')
    .option('--message <text>', 'what to add to the alert')
    .option('--no-journal', "leave out the unit's last 20 journal lines")
    .option('--json', 'print the published event')
    .addHelpText(
      'after',
      '\nWhen NATS cannot take the alert, it is written to stderr (the journal of lifecycle-alert@<unit>) and the exit code is 1.',
    )
    .action(async (options: AlertOptions) => {
      assertUnitName(options.unit);
      const journal = options.journal ? await readUnitJournal(options.unit) : [];
      const alert = unitFailedAlert({ unit: options.unit, at: new SystemClock().now(), message: options.message, journal });
      const env = loadEnv('lifecyclectl', cliEnvSchema);
      let seq: number;
      try {
        const nc = await connectNats({ url: env.NATS_URL, user: env.NATS_USER, pass: env.NATS_PASS, token: env.NATS_TOKEN, name: 'lifecyclectl alert' });
        try {
          const h = natsHeaders();
          h.set('Content-Type', 'application/json');
          const subject = new Namespace(env.LIFECYCLE_NAMESPACE).subject(alert.type);
          ({ seq } = await jetstream(nc).publish(subject, JSON.stringify(alert), { msgID: alert.id, headers: h, timeout: 5_000 }));
        } finally {
          await closeNats(nc);
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`could not publish the alert (${reason}); here it is:\nALERT ${alert.data.severity} ${alert.data.code} ${alert.data.resource}\n${alert.data.message}`);
      }
      if (options.json) process.stdout.write(`${JSON.stringify(alert)}\n`);
      else process.stdout.write(`published ${alert.type} ${alert.data.code} ${alert.data.resource} (HEALTH seq ${seq}); the notifier mails it to OPS_ALERT_EMAIL\n`);
    });
}
