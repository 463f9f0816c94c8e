import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvExample } from './env-example';
import { replaceEnvTable } from './env-table';

const root = join(__dirname, '..', '..', '..');
const readme = join(root, 'README.md');
writeFileSync(readme, replaceEnvTable(readFileSync(readme, 'utf8')));
writeFileSync(join(root, '.env.example'), buildEnvExample());
process.stdout.write(`updated the configuration table in ${readme} and ${join(root, '.env.example')}\n`);
