import type { ContractSchemas, JsonSchema } from './json-schema';

// docs/contracts.md, "Versioning": within a version only additive changes. A change that a consumer
// built on the released schema cannot absorb is breaking unless the event's envelope version grew.

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

const TIGHTER_IF_GREATER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems'] as const;
const TIGHTER_IF_SMALLER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems'] as const;
const MUST_NOT_CHANGE = ['format', 'pattern'] as const;

function types(schema: Schema): string[] {
  return schema.type === undefined ? [] : [schema.type].flat();
}

function label(path: string): string {
  return path || '(root)';
}

/** What makes `current` reject or reshape data that `released` described; empty when compatible. */
export function schemaBreaks(released: Schema, current: Schema, path = ''): string[] {
  if (released.anyOf || current.anyOf) return alternativeBreaks(released, current, path);
  const breaks: string[] = [];
  const at = label(path);
  const was = types(released);
  const lost = was.filter((type) => !types(current).includes(type) && !(type === 'integer' && types(current).includes('number')));
  if (lost.length) breaks.push(`${at}: retyped from ${was.join('|')} to ${types(current).join('|') || 'another shape'}`);
  if ('const' in released && JSON.stringify(released.const) !== JSON.stringify(current.const)) {
    breaks.push(`${at}: constant changed from ${JSON.stringify(released.const)} to ${JSON.stringify(current.const)}`);
  }
  if (!('const' in released) && 'const' in current) breaks.push(`${at}: narrowed to the constant ${JSON.stringify(current.const)}`);
  if (current.enum) {
    const missing = released.enum ? released.enum.filter((value) => !current.enum!.includes(value)) : ['(any value)'];
    if (missing.length) breaks.push(`${at}: enum narrowed, ${missing.map((value) => JSON.stringify(value)).join(', ')} no longer allowed`);
  }
  for (const key of TIGHTER_IF_GREATER) {
    if (typeof current[key] === 'number' && !((released[key] as number) >= (current[key] as number))) {
      breaks.push(`${at}: ${key} tightened to ${current[key]}`);
    }
  }
  for (const key of TIGHTER_IF_SMALLER) {
    if (typeof current[key] === 'number' && !((released[key] as number) <= (current[key] as number))) {
      breaks.push(`${at}: ${key} tightened to ${current[key]}`);
    }
  }
  for (const key of MUST_NOT_CHANGE) {
    if (current[key] !== undefined && current[key] !== released[key]) breaks.push(`${at}: ${key} changed to ${String(current[key])}`);
  }
  breaks.push(...objectBreaks(released, current, path));
  if (released.items && current.items) breaks.push(...schemaBreaks(released.items, current.items, `${path}[]`));
  return breaks;
}

function objectBreaks(released: Schema, current: Schema, path: string): string[] {
  const breaks: string[] = [];
  const wasProperties = released.properties ?? {};
  const nowProperties = current.properties ?? {};
  const prefix = path ? `${path}.` : '';
  for (const [name, schema] of Object.entries(wasProperties)) {
    if (!(name in nowProperties)) breaks.push(`${prefix}${name}: removed`);
    else breaks.push(...schemaBreaks(schema, nowProperties[name], `${prefix}${name}`));
  }
  const wasRequired = new Set(released.required ?? []);
  for (const name of current.required ?? []) {
    if (!wasRequired.has(name)) breaks.push(`${prefix}${name}: new required field`);
  }
  if (released.additionalProperties === false) {
    for (const name of Object.keys(nowProperties)) {
      if (!(name in wasProperties)) breaks.push(`${prefix}${name}: new field in a closed object`);
    }
  } else if (current.additionalProperties === false && released.type === 'object') {
    breaks.push(`${label(path)}: closed to fields it used to accept`);
  }
  return breaks;
}

/** `anyOf` (zod's nullable and unions): every released alternative must still be accepted by one of the current ones. */
function alternativeBreaks(released: Schema, current: Schema, path: string): string[] {
  const was = released.anyOf ?? [released];
  const now = current.anyOf ?? [current];
  const breaks: string[] = [];
  for (const alternative of was) {
    const candidates = now.map((option) => schemaBreaks(alternative, option, path));
    if (candidates.every((found) => found.length > 0)) {
      breaks.push(...candidates.reduce((fewest, found) => (found.length < fewest.length ? found : fewest)));
    }
  }
  return breaks;
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
