export * from './config.error';
export * from './env-fragments';
export * from './load-env';
export * from './node-options';
export * from './secrets';
