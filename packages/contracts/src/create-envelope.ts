import type { Envelope, ServiceName } from './envelope';
import { ENVELOPE_VERSION } from './envelope';
import { envelopeSchemaFor, type EventMap, type Subject } from './event-map';
import { describeIssues, InvalidEventError } from './invalid-event.error';

export interface CreateEnvelopeArgs<S extends Subject> {
  id: string;
  source: ServiceName;
  correlationId: string;
  occurredAt: Date | string;
  data: EventMap[S];
}

export type ParsedEnvelope<S extends Subject = Subject> = { ok: true; envelope: Envelope<S> } | { ok: false; error: string };

/** Builds and validates an envelope for publishing; throws InvalidEventError on a bad payload. */
export function createEnvelope<S extends Subject>(subject: S, args: CreateEnvelopeArgs<S>): Envelope<S> {
  const schema = envelopeSchemaFor(subject);
  if (!schema) throw new InvalidEventError(`no contract for subject "${subject}"`);
  const occurredAt = args.occurredAt instanceof Date ? dateToIso(args.occurredAt) : args.occurredAt;
  const result = schema.safeParse({
    id: args.id,
    type: subject,
    version: ENVELOPE_VERSION,
    occurredAt,
    source: args.source,
    correlationId: args.correlationId,
    data: args.data,
  });
  if (!result.success) throw InvalidEventError.fromIssues(subject, result.error.issues);
  return result.data as Envelope<S>;
}

/** Validates a received message: the decoded JSON value, its text or its raw bytes. */
export function parseEnvelope<S extends Subject>(subject: S, json: unknown): ParsedEnvelope<S>;
export function parseEnvelope(subject: string, json: unknown): ParsedEnvelope;
export function parseEnvelope(subject: string, json: unknown): ParsedEnvelope {
  const schema = envelopeSchemaFor(subject);
  if (!schema) return { ok: false, error: `unknown subject ${subject}` };
  let value = json;
  if (typeof json === 'string' || json instanceof Uint8Array) {
    try {
      value = JSON.parse(typeof json === 'string' ? json : new TextDecoder('utf-8', { fatal: true }).decode(json));
    } catch (error) {
      // JSON.parse quotes the payload in its message; dead letters and logs must not carry payload text.
      return { ok: false, error: `invalid ${subject} event: not JSON${error instanceof SyntaxError ? '' : ' (not UTF-8)'}` };
    }
  }
  if (typeof value === 'object' && value !== null && 'version' in value && value.version !== ENVELOPE_VERSION) {
    return {
      ok: false,
      error: `invalid ${subject} event: unknown version ${JSON.stringify(value.version)} (this build reads version ${ENVELOPE_VERSION})`,
    };
  }
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, envelope: result.data }
    : { ok: false, error: `invalid ${subject} event: ${describeIssues(result.error.issues)}` };
}

function dateToIso(date: Date): string {
  // An invalid Date would throw a RangeError here; leave it to the schema so the error names the path.
  return Number.isNaN(date.getTime()) ? 'Invalid Date' : date.toISOString();
}
