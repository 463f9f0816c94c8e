import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEnvExample } from './env-example';
import { buildEnvTable, replaceEnvTable } from './env-table';
import { ENV_SCHEMAS } from './env-schemas';

describe('README configuration table', () => {
  it('matches the env schemas (regenerate with `npm run build && npm run docs`)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(replaceEnvTable(readme)).toBe(readme);
  });

  it('.env.example matches the env schemas (regenerate with `npm run build && npm run docs`)', () => {
    expect(readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8')).toBe(buildEnvExample());
  });

  it('documents every variable', () => {
    const undocumented = Object.entries(ENV_SCHEMAS).flatMap(([program, schema]) =>
      Object.entries(schema.shape as Record<string, { description?: string }>)
        .filter(([, field]) => !field.description)
        .map(([name]) => `${program}: ${name}`),
    );
    expect(undocumented).toEqual([]);
    expect(buildEnvTable()).not.toContain('(undocumented)');
  });
});
