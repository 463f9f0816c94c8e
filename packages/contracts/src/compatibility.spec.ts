import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { breakingChanges, releaseBlockers } from './compatibility';
import { envelopeSchemaOf } from './envelope';
import { SUBSCRIPTION_SUSPENDED, subscriptionSuspendedDataSchema } from './events/subscription.events';
import { contractSchemas, jsonSchemaOf, type ContractSchemas } from './json-schema';

// docs/contracts.md, "Versioning": the current JSON Schemas against the snapshot of the last release.
const packageDir = join(__dirname, '..');
const released: ContractSchemas = JSON.parse(readFileSync(join(packageDir, 'released', 'schemas.json'), 'utf8'));
const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };

type Mutable = Record<string, any>;
const SUSPENDED = 'subscription.suspended';

function mutated(change: (events: Mutable) => void): ContractSchemas {
  const copy = structuredClone(released) as ContractSchemas;
  change(copy.events as Mutable);
  return copy;
}

const dataOf = (events: Mutable, subject: string): Mutable => events[subject].properties.data;

describe('contract compatibility with the released snapshot', () => {
  it(`the current contracts break nothing release ${released.packageVersion} promised, or the major version was bumped`, () => {
    expect(releaseBlockers(released, contractSchemas(), version)).toEqual([]);
  });

  describe('detects what the current version rejects of the released one (events the streams still keep)', () => {
    it.each<[string, (events: Mutable) => void, RegExp]>([
      ['a removed field', (e) => delete dataOf(e, SUSPENDED).properties.companyName, /companyName: removed/],
      ['a retyped field', (e) => (dataOf(e, SUSPENDED).properties.companyId = { type: 'string' }), /companyId: retyped from integer to string/],
      ['a narrowed enum', (e) => (dataOf(e, SUSPENDED).properties.admin.properties.locale.enum = ['en']), /locale: enum narrowed, "tr"/],
      [
        'a new required field',
        (e) => {
          dataOf(e, SUSPENDED).properties.region = { type: 'string' };
          dataOf(e, SUSPENDED).required.push('region');
        },
        /data\.region: new required field/,
      ],
      ['a nullable field made non-null', (e) => (dataOf(e, SUSPENDED).properties.paymentId = { type: 'integer', exclusiveMinimum: 0 }), /paymentId: retyped from null/],
      ['a removed event', (e) => delete e[SUSPENDED], /subscription\.suspended: event removed/],
      ['a new field in the closed envelope', (e) => (e[SUSPENDED].properties.tenant = { type: 'string' }), /tenant: new field in a closed object/],
      ['a tightened length', (e) => (dataOf(e, SUSPENDED).properties.companyName.maxLength = 50), /companyName: maxLength tightened to 50/],
    ])('%s', (_, change, expected) => {
      const breaks = breakingChanges(released, mutated(change));
      expect(breaks.join('\n')).toMatch(expected);
    });

    it('a zod change that drops a field, seen through its generated JSON Schema', () => {
      const narrowed = envelopeSchemaOf(SUBSCRIPTION_SUSPENDED, subscriptionSuspendedDataSchema.omit({ reason: true }));
      const current = mutated((e) => (e[SUSPENDED] = jsonSchemaOf(narrowed)));
      expect(breakingChanges(released, current)).toContain('subscription.suspended: data.reason: removed');
    });
  });

  describe('detects what readers of the released version cannot take (consumers not yet upgraded)', () => {
    it.each<[string, (events: Mutable) => void, RegExp]>([
      ['a widened enum', (e) => dataOf(e, SUSPENDED).properties.admin.properties.locale.enum.push('de'), /locale: enum widened with "de"/],
      [
        'a field made nullable',
        (e) => (dataOf(e, SUSPENDED).properties.reason = { anyOf: [{ type: 'string' }, { type: 'null' }] }),
        /data\.reason: retyped from string to null/,
      ],
      ['a required field made optional', (e) => dataOf(e, SUSPENDED).required.splice(0, 1), /subscriptionId: made optional/],
      ['a relaxed length', (e) => (dataOf(e, SUSPENDED).properties.plan.maxLength = 40), /plan: maxLength relaxed to 40/],
    ])('%s', (_, change, expected) => {
      expect(breakingChanges(released, mutated(change)).join('\n')).toMatch(expected);
    });
  });

  describe('accepts additive changes within a version', () => {
    it.each<[string, (events: Mutable) => void]>([
      ['a new optional field in data', (e) => (dataOf(e, SUSPENDED).properties.note = { type: 'string' })],
      ['a new event', (e) => (e['subscription.cancelled'] = { type: 'object' })],
      ['a changed description', (e) => (dataOf(e, SUSPENDED).properties.paymentId.description = 'reworded')],
    ])('%s', (_, change) => {
      expect(breakingChanges(released, mutated(change))).toEqual([]);
    });

    it('a zod optional field added to data, seen through its generated JSON Schema', () => {
      const added = envelopeSchemaOf(SUBSCRIPTION_SUSPENDED, subscriptionSuspendedDataSchema.extend({ note: z.string().optional() }));
      expect(breakingChanges(released, mutated((e) => (e[SUSPENDED] = jsonSchemaOf(added))))).toEqual([]);
    });
  });

  it('a breaking change blocks a minor release but not a major one', () => {
    const broken = mutated((e) => delete dataOf(e, SUSPENDED).properties.companyName);
    expect(releaseBlockers(released, broken, '1.1.0')).toEqual(['subscription.suspended: data.companyName: removed']);
    expect(releaseBlockers(released, broken, '2.0.0')).toEqual([]);
    expect(() => releaseBlockers(released, broken, 'next')).toThrow(RangeError);
  });
});
