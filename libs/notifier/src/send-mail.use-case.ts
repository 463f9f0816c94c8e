import type { LoggerService } from '@nestjs/common';
import { createEnvelope, notificationEventId, type Envelope } from '@lifecycle/contracts';
import type { Clock } from '@lifecycle/time';
import type { EmailLedger } from './email-ledger.port';
import { InFlightLimit } from './in-flight-limit';
import { nextLookupDelayMs } from './lookup-schedule';
import { EMAIL_TYPE_BY_SUBJECT, type MailEnvelope } from './email-types';
import type { MailComposer } from './mail-composer';
import { planMail } from './mail-plan';
import { DedupKeyTooLongError, TransientMailError } from './mail.errors';
import type { Mailer } from './mailer.port';
import type { NotifierMetrics } from './notifier.metrics';
import type { NotifierSettings } from './notifier.settings';
import type { OutgoingMail } from './outgoing-mail';

export type MailOutcome = 'sent' | 'failed' | 'duplicate' | 'recovered' | 'skipped';

export interface SendMailDeps {
  ledger: EmailLedger;
  mailer: Mailer;
  composer: MailComposer;
  settings: NotifierSettings;
  clock: Clock;
  metrics: NotifierMetrics;
  logger: Pick<LoggerService, 'log' | 'warn'>;
}

// The provider judges addresses; this only stops what no provider would take, so that the file and log
// transports fail the same mails.
const PLAUSIBLE_ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * One mail per fact, at most once and never lost (ARCHITECTURE.md, "Delivery guarantees"):
 * claim the dedup key in email_logs, send, record the outcome with its notification.email.* event.
 * A pending row means an earlier attempt's outcome is unknown: the provider is asked first.
 */
export class SendMailUseCase {
  /** Events handled at once in this process, across every consumer (MAIL_IN_FLIGHT). */
  readonly inFlight: InFlightLimit;

  constructor(private readonly deps: SendMailDeps) {
    this.inFlight = new InFlightLimit(deps.settings.maxInFlight);
  }

  /**
   * Waits for one of the process's MAIL_IN_FLIGHT permits before rendering: events pulled beyond it
   * wait as received messages (a few hundred bytes), not as rendered mails.
   */
  execute(envelope: MailEnvelope): Promise<MailOutcome> {
    return this.inFlight.run(() => this.handle(envelope));
  }

  private async handle(envelope: MailEnvelope): Promise<MailOutcome> {
    const { ledger, mailer, metrics, settings, clock } = this.deps;
    const plan = planMail(envelope, settings);
    if (!plan) {
      metrics.mail(EMAIL_TYPE_BY_SUBJECT[envelope.type], 'skipped');
      return 'skipped';
    }
    if (plan.dedupKey.length > 255) throw new DedupKeyTooLongError(plan.dedupKey);
    // The rendered mail (its HTML is most of the event's memory) is referenced only until it is sent.
    let mail: OutgoingMail | null = this.deps.composer.compose(plan);
    const fact = mailFact(mail);
    const claim = await ledger.claim(
      {
        dedupKey: mail.dedupKey,
        emailType: mail.emailType,
        recipient: mail.to.email,
        subject: mail.subject,
        contentHash: mail.contentHash,
        userId: mail.userId,
        companyId: mail.companyId,
      },
      clock.now(),
    );
    if (claim.state === 'done') {
      metrics.mail(fact.emailType, 'duplicate');
      return 'duplicate';
    }
    if (!PLAUSIBLE_ADDRESS.test(fact.recipient)) return this.fail(envelope, fact, `invalid recipient address "${fact.recipient}"`);
    if (claim.state === 'pending') {
      // a finite age: an attempt may have reached the provider (a crash, a timeout, a 5xx)
      const unknownOutcome = Number.isFinite(claim.lastAttemptAgeMs);
      // no lookup after an answer that says the provider took nothing (a 4xx such as 429, a refused connection)
      const found = unknownOutcome ? await mailer.find(fact.dedupKey) : null;
      if (found) {
        await this.recordSent(envelope, fact, found.messageId);
        this.deps.logger.log(`${fact.dedupKey}: ${mailer.transport} already had the mail of an unfinished attempt; recorded it as sent`);
        metrics.mail(fact.emailType, 'recovered');
        if (unknownOutcome) metrics.unknownOutcome(fact.emailType, 'found');
        return 'recovered';
      }
      const lookAgainInMs = nextLookupDelayMs(claim.lastAttemptAgeMs, settings.lookupGraceMs);
      if (lookAgainInMs !== null) {
        metrics.mail(fact.emailType, 'retry');
        throw new TransientMailError(
          `${fact.dedupKey}: the outcome of an attempt ${Math.round(claim.lastAttemptAgeMs / 1000)} s ago is unknown and ` +
            `${mailer.transport} does not list the mail yet; looking again in ${Math.round(lookAgainInMs / 1000)} s (MAILJET_LOOKUP_GRACE)`,
          { nakDelayMs: lookAgainInMs },
        );
      }
      if (unknownOutcome) {
        // every lookup over MAILJET_LOOKUP_GRACE found nothing
        metrics.unknownOutcome(fact.emailType, 'resent');
        this.deps.logger.warn(`${fact.dedupKey}: ${mailer.transport} does not list the mail of an attempt of unknown outcome after the grace; sending it again`);
      }
      await ledger.beginAttempt(fact.dedupKey);
    }
    const result = await this.send(mail, fact);
    mail = null;
    if (result.status === 'rejected') return this.fail(envelope, fact, result.error);
    await this.recordSent(envelope, fact, result.messageId);
    metrics.mail(fact.emailType, 'sent');
    return 'sent';
  }

  private async send(mail: OutgoingMail, fact: MailFact) {
    try {
      return await this.deps.mailer.send(mail);
    } catch (error) {
      const transient = error instanceof TransientMailError ? error : new TransientMailError(String(error));
      this.deps.metrics.mail(fact.emailType, 'retry');
      await this.deps.ledger.noteTransientFailure(fact.dedupKey, transient.message, transient.maybeAccepted).catch(() => undefined);
      if (!transient.maybeAccepted) throw transient;
      // Unknown outcome: the event comes back for its first CustomID lookup, not after the transport's back-off.
      this.deps.metrics.unknownOutcome(fact.emailType, 'unknown');
      const firstLookupMs = nextLookupDelayMs(0, this.deps.settings.lookupGraceMs);
      throw firstLookupMs === null ? transient : new TransientMailError(transient.message, { nakDelayMs: firstLookupMs });
    }
  }

  private async recordSent(cause: MailEnvelope, mail: MailFact, messageId: string | null): Promise<void> {
    const at = this.deps.clock.now();
    const event = createEnvelope('notification.email.sent', {
      id: notificationEventId('notification.email.sent', mail.dedupKey),
      source: 'notifier',
      correlationId: cause.id,
      occurredAt: at,
      data: { ...mail, ...(messageId === null ? {} : { providerMessageId: messageId }) },
    });
    await this.deps.ledger.recordSent(mail.dedupKey, messageId, at, event);
  }

  /** A permanent failure: recorded, announced (health alerts on it), never retried. */
  private async fail(cause: MailEnvelope, mail: MailFact, error: string): Promise<MailOutcome> {
    const event: Envelope<'notification.email.failed'> = createEnvelope('notification.email.failed', {
      id: notificationEventId('notification.email.failed', mail.dedupKey),
      source: 'notifier',
      correlationId: cause.id,
      occurredAt: this.deps.clock.now(),
      data: { ...mail, error },
    });
    const recorded = await this.deps.ledger.recordFailed(mail.dedupKey, error, event);
    if (recorded) this.deps.logger.warn(`${mail.dedupKey}: ${mail.emailType} to ${mail.recipient} failed for good: ${error}`);
    this.deps.metrics.mail(mail.emailType, recorded ? 'failed' : 'duplicate');
    return recorded ? 'failed' : 'duplicate';
  }

}

/** What the notification.email.* events state about a mail: no part of its body. */
interface MailFact {
  dedupKey: string;
  emailType: OutgoingMail['emailType'];
  recipient: string;
  companyId?: number;
}

function mailFact(mail: OutgoingMail): MailFact {
  return {
    dedupKey: mail.dedupKey,
    emailType: mail.emailType,
    recipient: mail.to.email,
    ...(mail.companyId === null ? {} : { companyId: mail.companyId }),
  };
}
