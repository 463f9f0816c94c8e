import { z } from 'zod';
import type { DeliveryReport } from './delivery-report';
import { parseJsonLossless } from './lossless-json';
import { MalformedWebhookError } from './webhook.errors';

/** One Mailjet Event API event; fields we do not use are allowed and ignored. */
const mailjetEventSchema = z.looseObject({
  event: z.string().min(1),
  time: z.number().int().nonnegative().optional(),
  // any number: a parser without lossless support hands over big ids as (inexact) numbers
  MessageID: z.union([z.string().regex(/^\d+$/), z.number().nonnegative()]).optional(),
  CustomID: z.string().optional(),
  error_related_to: z.string().optional(),
  error: z.string().optional(),
  hard_bounce: z.boolean().optional(),
});
export type MailjetEvent = z.infer<typeof mailjetEventSchema>;

const arraySchema = z.array(mailjetEventSchema).max(10_000);

const KINDS: Record<string, DeliveryReport['kind']> = {
  sent: 'delivered',
  open: 'opened',
  click: 'clicked',
  spam: 'spam',
  bounce: 'bounced',
  blocked: 'bounced',
};

/**
 * The body of a POST from Mailjet's Event API: an array of events (grouped delivery) or one event.
 * Raw text is parsed here, so that MessageIDs above 2^53 stay exact.
 */
export function parseMailjetEvents(body: string | Buffer | unknown): MailjetEvent[] {
  let value = body;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    try {
      value = parseJsonLossless(body.toString());
    } catch {
      throw new MalformedWebhookError('not JSON');
    }
  }
  if (typeof value !== 'object' || value === null) throw new MalformedWebhookError('body: expected an array of events or one event');
  const parsed = Array.isArray(value) ? arraySchema.safeParse(value) : mailjetEventSchema.transform((e) => [e]).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedWebhookError(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

export type ReportOrIgnored = { report: DeliveryReport } | { ignored: string };

/** What an event means for email_logs; `now` stands in for an event without a time. */
export function toDeliveryReport(event: MailjetEvent, now: Date): ReportOrIgnored {
  const kind = KINDS[event.event];
  if (!kind) return { ignored: `event ${event.event} is not recorded` };
  const customId = event.CustomID?.trim() || null;
  // A MessageID that reached us as an unsafe number has lost digits: matching on it could hit another mail.
  const messageId =
    typeof event.MessageID === 'string' ? event.MessageID : Number.isSafeInteger(event.MessageID) ? String(event.MessageID) : null;
  if (!customId && !messageId) return { ignored: 'neither CustomID nor an exact MessageID' };
  return {
    report: {
      kind,
      customId,
      messageId,
      at: event.time === undefined ? now : new Date(event.time * 1000),
      error: kind === 'bounced' ? bounceError(event) : null,
    },
  };
}

function bounceError(event: MailjetEvent): string {
  const what = event.event === 'blocked' ? 'blocked' : event.hard_bounce === false ? 'soft bounce' : 'hard bounce';
  const where = event.error_related_to ? ` (${event.error_related_to})` : '';
  return `${what}${where}${event.error ? `: ${event.error}` : ''}`;
}
