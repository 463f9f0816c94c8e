// After swc (ESM) and tsc (.d.ts): Node's ESM loader and TypeScript's nodenext resolution need full
// relative specifiers, so './envelope' becomes './envelope.js' (or './events/index.js'). The sources
// stay extensionless, as the services' code is. Then the JSON Schemas are written to dist/schemas.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = resolve(import.meta.dirname, '..', 'dist');
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]*)\2/gm;

function fullSpecifier(file, specifier) {
  const base = resolve(dirname(file), specifier);
  const declaration = file.endsWith('.d.ts');
  if (existsSync(`${base}${declaration ? '.d.ts' : '.js'}`)) return `${specifier}.js`;
  if (existsSync(join(base, declaration ? 'index.d.ts' : 'index.js'))) return `${specifier}/index.js`;
  if (/\.js$/.test(specifier)) return specifier;
  throw new Error(`${file}: cannot resolve ${specifier}`);
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(js|d\.ts)$/.test(name)) yield path;
  }
}

for (const file of files(dist)) {
  const text = readFileSync(file, 'utf8');
  const rewritten = text.replace(SPECIFIER, (_, lead, quote, specifier) => `${lead}${quote}${fullSpecifier(file, specifier)}${quote}`);
  if (rewritten !== text) writeFileSync(file, rewritten);
}

const { contractSchemas } = await import(pathToFileURL(join(dist, 'index.js')).href);
const { version } = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'package.json'), 'utf8'));
const schemas = { packageVersion: version, ...contractSchemas() };
mkdirSync(join(dist, 'schemas'), { recursive: true });
for (const [name, schema] of Object.entries(schemas.events)) {
  writeFileSync(join(dist, 'schemas', `${name}.json`), `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync(join(dist, 'schemas', 'dead-letter.json'), `${JSON.stringify(schemas.deadLetter, null, 2)}\n`);
writeFileSync(join(dist, 'schemas', 'index.json'), `${JSON.stringify(schemas, null, 2)}\n`);
