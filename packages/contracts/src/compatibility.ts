import type { ContractSchemas, JsonSchema } from './json-schema';

// docs/contracts.md, "Versioning": within a version only additive changes. Both directions count:
// consumers on the released package read the events published now, and consumers on the current
// package read the events the streams still keep from before. So the current schema must accept all
// that the released one accepted, and the released one all that the current one accepts, except
// fields added to an open object (a reader ignores fields it does not know).

type Schema = JsonSchema & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: unknown[];
  const?: unknown;
  items?: Schema;
  anyOf?: Schema[];
  additionalProperties?: boolean | Schema;
};

/** `now`: the current schema must accept what the released one did; `then`: the released one what the current one does. */
type Side = 'now' | 'then';

const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;
const MUST_NOT_CHANGE = ['format', 'pattern', 'const'] as const;

const types = (schema: Schema): string[] => (schema.type === undefined ? [] : [schema.type].flat());
const show = (value: unknown): string => JSON.stringify(value);
const at = (path: string): string => path || '(root)';
const key = (path: string, name: string): string => (path ? `${path}.${name}` : name);

function accepts(accepting: Schema, type: string): boolean {
  return types(accepting).includes(type) || (type === 'integer' && types(accepting).includes('number'));
}

/**
 * How `accepting` rejects values that `accepted` allows, worded for the side it is checked from;
 * `[released, current]` are `[accepted, accepting]` on side `now` and `[accepting, accepted]` on `then`.
 */
function rejections(accepted: Schema, accepting: Schema, path: string, side: Side): string[] {
  if (accepted.anyOf || accepting.anyOf) return alternativeRejections(accepted, accepting, path, side);
  const [released, current] = side === 'now' ? [accepted, accepting] : [accepting, accepted];
  const found: string[] = [];
  if (types(accepted).some((type) => !accepts(accepting, type))) {
    found.push(`${at(path)}: retyped from ${types(released).join('|') || 'any'} to ${types(current).join('|') || 'any'}`);
  }
  if (accepting.enum) {
    const outside = accepted.enum ? accepted.enum.filter((value) => !accepting.enum!.includes(value)) : null;
    if (!outside) found.push(`${at(path)}: ${side === 'now' ? 'narrowed to the enum' : 'no longer an enum; released consumers allow only'} ${accepting.enum.map(show).join(', ')}`);
    else if (outside.length) {
      found.push(
        side === 'now'
          ? `${at(path)}: enum narrowed, ${outside.map(show).join(', ')} no longer allowed`
          : `${at(path)}: enum widened with ${outside.map(show).join(', ')}, which released consumers reject`,
      );
    }
  }
  for (const bound of LOWER_BOUNDS) {
    if (typeof accepting[bound] === 'number' && !((accepted[bound] as number) >= (accepting[bound] as number))) {
      found.push(`${at(path)}: ${bound} ${side === 'now' ? `tightened to ${current[bound]}` : `relaxed to ${current[bound] ?? 'none'}`}`);
    }
  }
  for (const bound of UPPER_BOUNDS) {
    if (typeof accepting[bound] === 'number' && !((accepted[bound] as number) <= (accepting[bound] as number))) {
      found.push(`${at(path)}: ${bound} ${side === 'now' ? `tightened to ${current[bound]}` : `relaxed to ${current[bound] ?? 'none'}`}`);
    }
  }
  if (side === 'now') {
    for (const name of MUST_NOT_CHANGE) {
      if (show(current[name]) !== show(released[name])) found.push(`${at(path)}: ${name} changed from ${show(released[name])} to ${show(current[name])}`);
    }
  }
  found.push(...objectRejections(accepted, accepting, path, side));
  if (accepted.items && accepting.items) found.push(...rejections(accepted.items, accepting.items, `${path}[]`, side));
  return found;
}

function objectRejections(accepted: Schema, accepting: Schema, path: string, side: Side): string[] {
  const found: string[] = [];
  const given = accepted.properties ?? {};
  const wanted = accepting.properties ?? {};
  for (const [name, schema] of Object.entries(given)) {
    // `then`: a field the released schema does not know is ignored by its readers, unless its object is closed,
    // which side `now` reports as a new field in a closed object.
    if (name in wanted) found.push(...rejections(schema, wanted[name], key(path, name), side));
    else if (side === 'now') found.push(`${key(path, name)}: removed`);
  }
  const optional = new Set(accepted.required ?? []);
  for (const name of accepting.required ?? []) {
    if (!optional.has(name)) found.push(`${key(path, name)}: ${side === 'now' ? 'new required field' : 'made optional; released consumers require it'}`);
  }
  if (side === 'now' && accepted.additionalProperties === false) {
    for (const name of Object.keys(wanted)) if (!(name in given)) found.push(`${key(path, name)}: new field in a closed object`);
  }
  if (side === 'now' && accepting.additionalProperties === false && accepted.additionalProperties !== false && types(accepted).includes('object')) {
    found.push(`${at(path)}: closed to fields it used to accept`);
  }
  return found;
}

/** `anyOf` (zod's nullable and unions): each alternative of one side must be accepted by an alternative of the other. */
function alternativeRejections(accepted: Schema, accepting: Schema, path: string, side: Side): string[] {
  const found: string[] = [];
  for (const alternative of accepted.anyOf ?? [accepted]) {
    const tries = (accepting.anyOf ?? [accepting]).map((option) => rejections(alternative, option, path, side));
    if (tries.every((t) => t.length > 0)) found.push(...tries.reduce((fewest, t) => (t.length < fewest.length ? t : fewest)));
  }
  return found;
}

/** What a reader of one version cannot take from the other; empty when `current` only added to `released`. */
export function schemaBreaks(released: Schema, current: Schema, path = ''): string[] {
  return [...new Set([...rejections(released, current, path, 'now'), ...rejections(current, released, path, 'then')])];
}

function major(version: string | undefined): number {
  const found = /^(\d+)\./.exec(version ?? '');
  if (!found) throw new RangeError(`"${version}" is not a semantic version`);
  return Number(found[1]);
}

/** The breaking changes from the released contracts to the current ones; an event that disappeared is breaking. */
export function breakingChanges(released: ContractSchemas, current: ContractSchemas): string[] {
  const breaks: string[] = [];
  for (const [subject, schema] of Object.entries(released.events)) {
    const now = current.events[subject] as Schema | undefined;
    if (now) breaks.push(...schemaBreaks(schema, now).map((text) => `${subject}: ${text}`));
    else breaks.push(`${subject}: event removed`);
  }
  breaks.push(...schemaBreaks(released.deadLetter, current.deadLetter).map((text) => `dead letter: ${text}`));
  return breaks;
}

/**
 * What stops a release of `packageVersion` (docs/contracts.md): the breaking changes since the released
 * snapshot, unless the package's major version grew past the snapshot's.
 */
export function releaseBlockers(released: ContractSchemas, current: ContractSchemas, packageVersion: string): string[] {
  if (major(packageVersion) > major(released.packageVersion)) return [];
  return breakingChanges(released, current);
}
