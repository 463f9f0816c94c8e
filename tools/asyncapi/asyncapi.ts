import { Document } from 'yaml';
import {
  createEnvelope,
  deadLetterSchema,
  envelopeSchemaFor,
  ENVELOPE_VERSION,
  EVENT_CATALOGUE,
  EVENT_SAMPLES,
  jsonSchemaOf,
  STREAMS,
  SUBJECTS,
  type Subject,
} from '@lifecycle/contracts';
import { exampleEventId } from './example-ids';

const DAY_MS = 86_400_000;

function pascalCase(subject: string): string {
  return subject
    .split(/[._-]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function camelCase(subject: string): string {
  const pascal = pascalCase(subject);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

function exampleEnvelope(subject: Subject) {
  const id = exampleEventId(subject);
  return createEnvelope(subject, {
    id,
    source: EVENT_CATALOGUE[subject].source,
    // A tick has no cause but itself; the other examples were caused by a trial-reminders tick.
    correlationId: EVENT_CATALOGUE[subject].stream === 'CLOCK' ? id : 'trial-reminders@2026-12-01T09:00:00Z',
    occurredAt: '2026-12-01T09:00:01.250Z',
    data: EVENT_SAMPLES[subject],
  });
}

function eventEntries() {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const subject of SUBJECTS) {
    const { stream, source, description } = EVENT_CATALOGUE[subject];
    const id = camelCase(subject);
    const schemaId = `${pascalCase(subject)}Envelope`;
    const example = exampleEnvelope(subject);
    schemas[schemaId] = jsonSchemaOf(envelopeSchemaFor(subject)!);
    messages[id] = {
      name: subject,
      title: subject,
      summary: description,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/EventHeaders' },
      payload: { $ref: `#/components/schemas/${schemaId}` },
      examples: [{ name: 'sample', headers: { 'Nats-Msg-Id': example.id }, payload: example }],
    };
    channels[id] = {
      address: subject,
      title: subject,
      description: `${description}. Stored in the JetStream stream ${stream}.`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      'x-jetstream-stream': stream,
    };
    operations[`send${pascalCase(subject)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${source} publishes ${subject}`,
      tags: [{ name: source }],
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      'x-source-service': source,
    };
  }
  return { channels, operations, messages, schemas };
}

const deadLetterChannel = {
  address: 'dlq.{consumer}',
  title: 'Dead letters',
  description:
    'A message a consumer could not process: its payload failed the contract, its subject has none, or it ran out of deliveries. Stored in the JetStream stream DLQ.',
  parameters: { consumer: { description: 'The durable consumer name, `<service>--<subject pattern>` (consumerName())' } },
  messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  'x-jetstream-stream': 'DLQ',
};

/** The AsyncAPI 3.0 description of every event, generated from libs/contracts; deterministic. */
export function buildAsyncApiDocument(): string {
  const events = eventEntries();
  const document = new Document(
    {
      asyncapi: '3.0.0',
      info: {
        title: 'Subscription lifecycle events',
        version: `${ENVELOPE_VERSION}.0.0`,
        description:
          'Events of the subscription-lifecycle services over NATS JetStream. Every message is a JSON envelope; ' +
          'its `id` is a deterministic dedup key of the fact and is sent as the `Nats-Msg-Id` header.',
      },
      defaultContentType: 'application/json',
      servers: {
        production: {
          host: '127.0.0.1:4222',
          protocol: 'nats',
          description: 'nats://127.0.0.1:4222 by default (NATS_URL), with JetStream',
        },
      },
      channels: { ...events.channels, deadLetters: deadLetterChannel },
      operations: {
        ...events.operations,
        sendDeadLetter: {
          action: 'send',
          channel: { $ref: '#/channels/deadLetters' },
          summary: 'The service that owns a consumer dead-letters what that consumer cannot process',
          messages: [{ $ref: '#/channels/deadLetters/messages/deadLetter' }],
        },
      },
      components: {
        schemas: {
          EventHeaders: {
            type: 'object',
            required: ['Nats-Msg-Id'],
            properties: {
              'Nats-Msg-Id': {
                type: 'string',
                description: 'Equals the envelope id; JetStream stores a fact published twice once',
              },
              'Content-Type': { type: 'string', const: 'application/json' },
            },
          },
          ...events.schemas,
          DeadLetter: jsonSchemaOf(deadLetterSchema),
        },
        messages: {
          ...events.messages,
          deadLetter: {
            name: 'dead-letter',
            title: 'Dead letter',
            contentType: 'application/json',
            payload: { $ref: '#/components/schemas/DeadLetter' },
          },
        },
      },
      'x-streams': STREAMS.map((stream) => ({
        name: stream.name,
        subjects: [...stream.subjects],
        retention: stream.retention ?? 'limits',
        maxAge: `P${stream.maxAgeMs / DAY_MS}D`,
        description: stream.description,
      })),
    },
    // YAML 1.1 rules quote ISO times, which js-yaml and other 1.1 readers would otherwise turn into dates.
    { aliasDuplicateObjects: false, version: '1.1' },
  );
  document.commentBefore = ' Generated from libs/contracts by tools/asyncapi/generate.ts; do not edit by hand.';
  return document.toString({ lineWidth: 0 });
}
