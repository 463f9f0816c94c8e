import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STREAMS, SUBJECTS, SUBSCRIPTION_SUSPENDED } from '@lifecycle/contracts';
import { buildAsyncApiDocument } from './asyncapi';

const committedPath = join(__dirname, '../../docs/asyncapi.yaml');

describe('AsyncAPI document', () => {
  const built = buildAsyncApiDocument();

  it('is committed up to date', () => {
    const committed = readFileSync(committedPath, 'utf8');
    if (committed !== built) {
      throw new Error(
        'docs/asyncapi.yaml differs from what packages/contracts generates. Regenerate it with ' +
          '`npm run build && npm run asyncapi` (node dist/tools/asyncapi/generate.js) and commit the result.',
      );
    }
  });

  it('is deterministic', () => {
    expect(buildAsyncApiDocument()).toBe(built);
  });

  it('is AsyncAPI 3.0.0 with a channel and a send operation for every subject', () => {
    const doc = parse(built);
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.servers.production).toMatchObject({ host: '127.0.0.1:4222', protocol: 'nats' });
    const channels = Object.values<{ address: string }>(doc.channels);
    const addresses = channels.map((channel) => channel.address);
    expect(addresses).toEqual(expect.arrayContaining([...SUBJECTS, 'dlq.{consumer}']));
    expect(addresses).toHaveLength(SUBJECTS.length + 1);
    const operations = Object.values<{ action: string }>(doc.operations);
    expect(operations).toHaveLength(channels.length);
    expect(operations.every((operation) => operation.action === 'send')).toBe(true);
  });

  it('resolves every local $ref', () => {
    const doc = parse(built);
    const refs = [...built.matchAll(/\$ref: "?#\/([^"\n]+)"?/g)].map((match) => match[1]);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = ref.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
      expect({ ref, found: target !== undefined }).toEqual({ ref, found: true });
    }
  });

  it('declares the namespace as a server variable and the userPassword security scheme', () => {
    const doc = parse(built);
    expect(doc.servers.production.pathname).toBe('/{namespace}');
    expect(doc.servers.production.variables.namespace.default).toBe('');
    expect(doc.servers.production.security).toEqual([{ $ref: '#/components/securitySchemes/userPassword' }]);
    expect(doc.components.securitySchemes.userPassword.type).toBe('userPassword');
    expect(doc.components.securitySchemes.userPassword.description).toContain('`reader`');
  });

  it('gives every channel its stream, retention and maximum age from the contracts', () => {
    const doc = parse(built);
    for (const channel of Object.values<Record<string, string>>(doc.channels)) {
      const stream = STREAMS.find((s) => s.name === channel['x-jetstream-stream'])!;
      expect([channel.address, channel['x-jetstream-retention'], channel['x-jetstream-max-age']]).toEqual([
        channel.address,
        stream.retention ?? 'limits',
        `P${stream.maxAgeMs / 86_400_000}D`,
      ]);
    }
    expect(doc.channels.billingSweepTrialReminders.description).toContain('a work queue (removed once acked');
  });

  it('carries the subscribe-in-five-minutes guide, with the nats CLI and with the package', () => {
    const { description } = parse(built).info;
    expect(description).toContain('## Subscribe in five minutes');
    expect(description).toContain('nats consumer add LIFECYCLE chat-bridge --pull --filter subscription.suspended');
    expect(description).toContain("import { consume } from '@lifecycle/contracts/consumer';");
    expect(parse(built).info.version).toBe(require('@lifecycle/contracts/package.json').version);
  });

  it('marks a deprecated event on its channel, operation and schema', () => {
    const deprecation = { replacedBy: null, until: '2027-03-31', reason: 'replaced by subscription.status_changed' };
    const doc = parse(buildAsyncApiDocument({ [SUBSCRIPTION_SUSPENDED]: deprecation }));
    expect(doc.channels.subscriptionSuspended['x-deprecated']).toEqual(deprecation);
    expect(doc.channels.subscriptionSuspended.description).toContain('DEPRECATED: published until 2027-03-31');
    expect(doc.operations.sendSubscriptionSuspended['x-deprecated']).toEqual(deprecation);
    expect(doc.components.schemas.SubscriptionSuspendedEnvelope.deprecated).toBe(true);
    expect(parse(built).channels.subscriptionSuspended['x-deprecated']).toBeUndefined();
  });
});
