import { z } from 'zod';
import { isoDateTimeSchema } from './events/common.schemas';

export const DEAD_LETTER_REASONS = ['invalid-payload', 'max-deliveries', 'unknown-subject', 'permanent-error'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

/** The body published on `dlq.<consumer>` (ARCHITECTURE.md, "Delivery guarantees"). */
export const deadLetterSchema = z.object({
  consumer: z.string().min(1),
  stream: z.string().min(1),
  streamSequence: z.int().positive(),
  originalSubject: z.string().min(1),
  headers: z.record(z.string(), z.array(z.string())),
  payload: z.string().describe('The original bytes: UTF-8 text, or base64 when they are not valid UTF-8'),
  payloadEncoding: z.enum(['utf8', 'base64']),
  error: z.string(),
  reason: z.enum(DEAD_LETTER_REASONS),
  deliveryCount: z.int().positive(),
  deadAt: isoDateTimeSchema,
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;

export function encodeDeadLetterPayload(bytes: Uint8Array): Pick<DeadLetter, 'payload' | 'payloadEncoding'> {
  try {
    return { payload: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), payloadEncoding: 'utf8' };
  } catch {
    return { payload: Buffer.from(bytes).toString('base64'), payloadEncoding: 'base64' };
  }
}

/** The original bytes, for a replay. */
export function decodeDeadLetterPayload(letter: Pick<DeadLetter, 'payload' | 'payloadEncoding'>): Uint8Array {
  return letter.payloadEncoding === 'base64'
    ? new Uint8Array(Buffer.from(letter.payload, 'base64'))
    : new TextEncoder().encode(letter.payload);
}
