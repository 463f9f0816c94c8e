import type { LoggerService } from '@nestjs/common';
import type { DeliveryReport, DeliveryReportStore } from './delivery-report';
import type { ListedMessage, MailjetMessageList } from './mailjet.api';
import { bouncedEvent } from './mailjet-webhook.use-case';

/** `Limit` of one `GET /v3/REST/message` page (Mailjet's REST resources return at most 1,000 rows per call). */
export const POLL_PAGE_SIZE = 1_000;

/**
 * Mailjet's `Status` values (node-mailjet 6.0.11, enum `Message.CurrentMessageStatus`) that email_logs
 * records: every kind of bounce and `blocked` → bounced; `spam` → the spam note, as the Event API's
 * events of the same names do (mailjet-events.ts).
 */
const POLLED_STATUSES: Record<string, { kind: 'bounced' | 'spam'; what: string }> = {
  bounce: { kind: 'bounced', what: 'bounce' },
  hardbounced: { kind: 'bounced', what: 'hard bounce' },
  softbounced: { kind: 'bounced', what: 'soft bounce' },
  blocked: { kind: 'bounced', what: 'blocked' },
  spam: { kind: 'spam', what: 'spam' },
};

/**
 * `StateID`: why a message was not delivered. Names from https://dev.mailjet.com/reference/email/messages/
 * (query parameter `MessageState`, 1–11) and node-mailjet 6.0.11's enum `Message.MessageState` (1–21).
 */
const MESSAGE_STATES: Record<number, string> = {
  1: 'user unknown',
  2: 'mailbox inactive',
  3: 'quota exceeded',
  4: 'invalid domain',
  5: 'no mail host',
  6: 'relay/access denied',
  7: 'sender blocked',
  8: 'content blocked',
  9: 'policy issue',
  10: 'system issue',
  11: 'protocol issue',
  12: 'connection issue',
  13: 'greylisted',
  14: 'preblocked',
  15: 'duplicate in campaign',
  16: 'spam preblocked',
  17: 'bad or empty template',
  18: 'error in template language',
  19: 'typo fix',
  20: 'blacklisted',
  21: 'spam reporter',
};

export interface PollSummary {
  /** Messages Mailjet listed for the window. */
  listed: number;
  /** Of those, bounced, blocked or spam. */
  problems: number;
  /** email_logs rows whose state changed (a replayed poll changes nothing). */
  changed: number;
  /** notification.email.bounced written. */
  bounced: number;
  /** More messages than maxPages × 1,000: the rest was not read. */
  truncated: boolean;
}

/**
 * Without the Event API webhook, asks Mailjet for the statuses of the messages sent in a window (the seed
 * design's "Check Mailjet API for bounces") and applies bounces, blocks and spam to email_logs with the
 * webhook's rules (DeliveryReportStore: conditional, replay-safe, notification.email.bounced once).
 */
export class PollDeliveryStatusesUseCase {
  constructor(
    private readonly mailjet: MailjetMessageList,
    private readonly store: DeliveryReportStore,
    private readonly options: { maxPages: number; logger: Pick<LoggerService, 'warn'> },
  ) {}

  /** `now`: the tick's time, stamped on what is learned (ARCHITECTURE.md, "Time enters only through ticks"). */
  async poll(from: Date, to: Date, now: Date): Promise<PollSummary> {
    const reports: DeliveryReport[] = [];
    let listed = 0;
    let truncated = false;
    for (let page = 0; ; page++) {
      if (page === this.options.maxPages) {
        truncated = true;
        this.options.logger.warn(
          `Mailjet lists more than ${listed} messages sent between ${from.toISOString()} and ${to.toISOString()}; the rest was not polled ` +
            '(configure the Event API webhook, docs/notifier.md)',
        );
        break;
      }
      const messages = await this.mailjet.listMessages({ from, to, offset: page * POLL_PAGE_SIZE, limit: POLL_PAGE_SIZE });
      listed += messages.length;
      for (const message of messages) {
        const report = toPolledReport(message, now);
        if (report) reports.push(report);
      }
      if (messages.length < POLL_PAGE_SIZE) break;
    }
    const applied = await this.store.apply(reports, bouncedEvent);
    return { listed, problems: reports.length, changed: applied.changed, bounced: applied.bounced, truncated };
  }
}

/** A listed message as a delivery report, or null when its status is not one email_logs records from a poll. */
export function toPolledReport(message: ListedMessage, now: Date): DeliveryReport | null {
  const polled = POLLED_STATUSES[message.status];
  if (!polled || (!message.customId && !/^\d+$/.test(message.id))) return null;
  const state = message.stateId === null ? null : (MESSAGE_STATES[message.stateId] ?? `state ${message.stateId}`);
  return {
    kind: polled.kind,
    customId: message.customId,
    messageId: /^\d+$/.test(message.id) ? message.id : null,
    at: now,
    error: polled.kind === 'bounced' ? `${polled.what}${state ? `: ${state}` : ''} (polled from Mailjet)` : null,
  };
}
