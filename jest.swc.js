// The swc transform shared by jest.config.js and jest.chaos.config.js.
module.exports = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      // globalSetup is not subject to moduleNameMapper, so the alias is also rewritten at compile time.
      baseUrl: __dirname,
      // @lifecycle/contracts stays a bare specifier, resolved through node_modules and the package's exports
      // (docs/decisions.md, "The contracts package"; test/contracts-package.spec.ts).
      paths: {
        '@lifecycle/contracts': ['./node_modules/.bare/@lifecycle/contracts'],
        '@lifecycle/contracts/*': ['./node_modules/.bare/@lifecycle/contracts/*'],
        '@lifecycle/*': ['./libs/*/src'],
      },
    },
    module: { type: 'commonjs' },
  },
];
