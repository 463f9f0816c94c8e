import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { buildAsyncApiDocument } from './asyncapi';

// `npm run build && npm run asyncapi` from the repository root; an argument overrides the target.
const target = resolve(process.argv[2] ?? 'docs/asyncapi.yaml');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, buildAsyncApiDocument());
console.log(`wrote ${target}`);
