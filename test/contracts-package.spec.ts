import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';

// The services import @lifecycle/contracts as any consumer does: through node_modules and the package's
// exports (packages/contracts), never through a path into its sources.
const root = join(__dirname, '..');

describe('@lifecycle/contracts resolution', () => {
  it('keeps the package a bare specifier in the build, while other libs map to their sources', () => {
    const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
    const source = [
      "import { STREAMS } from '@lifecycle/contracts';",
      "import { consume } from '@lifecycle/contracts/consumer';",
      "import { Namespace } from '@lifecycle/messaging';",
      'console.log(STREAMS, consume, Namespace);',
    ].join('\n');
    const { code } = transformSync(source, {
      ...swcrc,
      swcrc: false,
      filename: join(root, 'apps/clock/src/example.ts'),
      jsc: { ...swcrc.jsc, baseUrl: root },
    });
    expect(code).toContain('require("@lifecycle/contracts")');
    expect(code).toContain('require("@lifecycle/contracts/consumer")');
    expect(code).toMatch(/require\("(\.\.\/)+libs\/messaging\/src"\)/);
  });

  it('resolves to the built package through its exports in jest', () => {
    expect(require.resolve('@lifecycle/contracts')).toBe(join(root, 'packages/contracts/dist/index.js'));
    expect(require.resolve('@lifecycle/contracts/consumer')).toBe(join(root, 'packages/contracts/dist/consumer/index.js'));
  });
});
