export * from './infra';
export * from './free-port';
export * from './random-id';
export * from './test-database';
export * from './namespace';
export * from './nats-server.process';
export * from './factories';
