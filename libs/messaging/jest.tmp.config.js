// TEMPORARY (delete before handing back): integration tests without globalSetup
const base = require('../../jest.config.js');
const integration = base.projects.find((p) => p.displayName === 'integration');
module.exports = { rootDir: '../..', ...integration, globalSetup: undefined, globalTeardown: undefined };
