// Lets a child `node` run the TypeScript sources (with the @lifecycle/* alias), for tests that need a
// process of their own, e.g. one started with another TZ: jest's sandboxed process.env cannot change it.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { transformSync } = require('@swc/core');

const root = join(__dirname, '../../..');

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: root,
      paths: { '@lifecycle/*': ['./libs/*/src'] },
    },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
