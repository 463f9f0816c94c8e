import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { replaceEnvTable } from './env-table';

const readme = join(__dirname, '..', '..', '..', 'README.md');
writeFileSync(readme, replaceEnvTable(readFileSync(readme, 'utf8')));
process.stdout.write(`updated the configuration table in ${readme}\n`);
