import { readdirSync, readFileSync } from 'node:fs';
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

  it('depends on zod only (nats.js as optional peers of /consumer): nothing of NestJS, TypeORM or the product', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/contracts/package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['zod']);
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(['@nats-io/jetstream', '@nats-io/transport-node']);
    const src = join(root, 'packages/contracts/src');
    const imported = new Set<string>();
    for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      for (const [, specifier] of readFileSync(join(src, file), 'utf8').matchAll(/from '([^.'][^']*)'/g)) imported.add(specifier);
    }
    expect([...imported].sort()).toEqual(['@nats-io/jetstream', '@nats-io/transport-node', 'zod']);
  });
});
