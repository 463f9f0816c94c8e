import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HEALTH_CHECKS } from '@lifecycle/contracts';
import { codesOf, HEALTH_CODE_LIST, HEALTH_CODES } from './health-codes';

const DOC = join(__dirname, '../../../docs/health.md');

describe('health codes', () => {
  it('docs/health.md lists every code with its severity and check, and no other', () => {
    const rows = readFileSync(DOC, 'utf8')
      .split('\n')
      .map((line) => /^\| `([a-z_.]+)` \| (\w+) \| ([\w-]+) \|/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null && m[1].includes('.') && !m[1].startsWith('lifecycle_'));
    expect(rows.map((m) => [m[1], m[2], m[3]])).toEqual(HEALTH_CODE_LIST.map((code) => [code, HEALTH_CODES[code].severity, HEALTH_CODES[code].check]));
  });

  it('belong each to one check family, prefixed as the family (pipeline and backup issues go with workspace-health)', () => {
    expect(HEALTH_CHECKS.flatMap(codesOf).sort()).toEqual([...HEALTH_CODE_LIST].sort());
    for (const code of HEALTH_CODE_LIST) {
      const prefix = code.split('.')[0];
      const family = prefix === 'pipeline' || prefix === 'backup' ? 'workspace-health' : `${prefix}-health`;
      expect([code, HEALTH_CODES[code].check]).toEqual([code, family]);
    }
  });
});
