export * from './local-infra.errors';
export * from './free-port';
export * from './executables';
export * from './run-command';
export * from './owned-processes';
export * from './nats-server.process';
export * from './postgres-cluster.process';
export * from './service.process';
