import type { OutgoingMail } from './outgoing-mail';

export type SendResult =
  | { status: 'sent'; messageId: string | null }
  /** The provider refused this mail for good (invalid address, a 4xx for the message): never retried. */
  | { status: 'rejected'; error: string };

/**
 * Where mail goes (`mailjet`, `file`, `log`). A transient failure throws TransientMailError.
 */
export abstract class Mailer {
  abstract readonly transport: 'mailjet' | 'file' | 'log';

  abstract send(mail: OutgoingMail): Promise<SendResult>;

  /**
   * Whether the provider already has the mail of this dedup key: resolves the window between
   * "handed over" and "recorded" after a crash. null when it has not, or cannot tell.
   */
  abstract find(dedupKey: string): Promise<{ messageId: string | null } | null>;

  async close(): Promise<void> {}
}
