export * from './infra';
export * from './free-port';
export * from './random-id';
export * from './test-database';
export * from './namespace';
export { findNatsServerBinary, startNatsServer, waitForPort, type NatsServerProcess } from '@lifecycle/local-infra';
export * from './factories';
export * from './fake-mailjet.server';
export * from './fake-paytr.server';
