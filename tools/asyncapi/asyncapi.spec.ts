import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SUBJECTS } from '@lifecycle/contracts';
import { buildAsyncApiDocument } from './asyncapi';

const committedPath = join(__dirname, '../../docs/asyncapi.yaml');

describe('AsyncAPI document', () => {
  const built = buildAsyncApiDocument();

  it('is committed up to date', () => {
    const committed = readFileSync(committedPath, 'utf8');
    if (committed !== built) {
      throw new Error(
        'docs/asyncapi.yaml differs from what libs/contracts generates. Regenerate it with ' +
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
});
