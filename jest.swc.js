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
      paths: { '@lifecycle/*': ['./libs/*/src'] },
    },
    module: { type: 'commonjs' },
  },
];
