import { readFileSync } from 'node:fs';
import { Document } from 'yaml';
import {
  createEnvelope,
  deadLetterSchema,
  DEPRECATED_EVENTS,
  type Deprecation,
  envelopeSchemaFor,
  EVENT_CATALOGUE,
  EVENT_SAMPLES,
  jsonSchemaOf,
  STREAMS,
  SUBJECTS,
  type StreamDefinition,
  type Subject,
} from '@lifecycle/contracts';
import { exampleEventId } from './example-ids';
import { subscribeGuide } from './subscribe-guide';

type Deprecations = Readonly<Partial<Record<Subject, Deprecation>>>;

/** The document describes a release of @lifecycle/contracts: its version is the package's. */
const CONTRACTS_VERSION: string = JSON.parse(readFileSync(require.resolve('@lifecycle/contracts/package.json'), 'utf8')).version;

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

/** Where a channel's messages are kept: its stream, the stream's retention and how long it keeps them. */
function jetstreamOf(stream: StreamDefinition) {
  return {
    'x-jetstream-stream': stream.name,
    'x-jetstream-retention': stream.retention ?? 'limits',
    'x-jetstream-max-age': `P${stream.maxAgeMs / DAY_MS}D`,
  };
}

function retentionText(stream: StreamDefinition): string {
  const kept = `kept ${stream.maxAgeMs / DAY_MS} days`;
  return `Stored in the JetStream stream ${stream.name}, ${stream.retention === 'workqueue' ? `a work queue (removed once acked, else ${kept})` : kept}.`;
}

function deprecationText(deprecation: Deprecation): string {
  const successor = deprecation.replacedBy ? `; use ${deprecation.replacedBy}` : '';
  return ` DEPRECATED: published until ${deprecation.until}${successor} (${deprecation.reason}).`;
}

const streamNamed = (name: string) => STREAMS.find((stream) => stream.name === name)!;

function eventEntries(deprecations: Deprecations) {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const subject of SUBJECTS) {
    const { stream, source, description } = EVENT_CATALOGUE[subject];
    const id = camelCase(subject);
    const schemaId = `${pascalCase(subject)}Envelope`;
    const example = exampleEnvelope(subject);
    const deprecation = deprecations[subject];
    // AsyncAPI 3 has `deprecated` on schemas only; channels and operations carry it as an extension.
    const deprecated = deprecation ? { 'x-deprecated': { ...deprecation } } : {};
    schemas[schemaId] = { ...jsonSchemaOf(envelopeSchemaFor(subject)!), ...(deprecation ? { deprecated: true } : {}) };
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
      description: `${description}. ${retentionText(streamNamed(stream))}${deprecation ? deprecationText(deprecation) : ''}`,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
      ...jetstreamOf(streamNamed(stream)),
      ...deprecated,
    };
    operations[`send${pascalCase(subject)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${source} publishes ${subject}`,
      tags: [{ name: source }],
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
      'x-source-service': source,
      ...deprecated,
    };
  }
  return { channels, operations, messages, schemas };
}

const deadLetterChannel = {
  address: 'dlq.{consumer}',
  title: 'Dead letters',
  description: `A message a consumer could not process: its payload failed the contract, its subject has none, or it ran out of deliveries. ${retentionText(streamNamed('DLQ'))}`,
  parameters: { consumer: { description: 'The durable consumer name, `<service>--<subject pattern>` (consumerName())' } },
  messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  ...jetstreamOf(streamNamed('DLQ')),
};

/** The AsyncAPI 3.0 description of every event, generated from @lifecycle/contracts (packages/contracts); deterministic. */
export function buildAsyncApiDocument(deprecations: Deprecations = DEPRECATED_EVENTS): string {
  const events = eventEntries(deprecations);
  const document = new Document(
    {
      asyncapi: '3.0.0',
      info: {
        title: 'Subscription lifecycle events',
        version: CONTRACTS_VERSION,
        description: subscribeGuide(),
      },
      defaultContentType: 'application/json',
      servers: {
        production: {
          host: '127.0.0.1:4222',
          protocol: 'nats',
          // AsyncAPI substitutes server variables in host and pathname only; NATS has no path, so the
          // namespace rides there as a declared variable (its meaning: a subject and stream prefix).
          pathname: '/{namespace}',
          description:
            'nats://127.0.0.1:4222 by default (NATS_URL), with JetStream. `namespace` is not a path: it prefixes every subject (`<namespace>.`) and stream (`<namespace>_`).',
          variables: {
            namespace: {
              default: '',
              description:
                'LIFECYCLE_NAMESPACE of the installation; empty (the default): subjects and streams as the channels spell them; `ns`: subject `ns.subscription.suspended` in stream `ns_LIFECYCLE`',
              examples: ['', 'staging'],
            },
          },
          security: [{ $ref: '#/components/securitySchemes/userPassword' }],
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
        securitySchemes: {
          userPassword: {
            type: 'userPassword',
            description:
              'NATS user and password. Each service has its own user, allowed to publish and subscribe to the subjects the contracts give it. Other platform services (and `lifecyclectl tail`) get the `reader` user: read-only on the streams, plus the JetStream API to run their own durable consumers.',
          },
        },
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
  document.commentBefore = ' Generated from packages/contracts by tools/asyncapi/generate.ts; do not edit by hand.';
  return document.toString({ lineWidth: 0 });
}
