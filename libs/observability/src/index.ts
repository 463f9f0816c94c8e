export * from './logger';
export * from './metrics.registry';
export * from './readiness';
export * from './ops-token.guard';
export * from './ops.controller';
export * from './observability.module';
export * from './service-context';
