export * from './service-module';
export * from './service-spec';
export * from './service-app';
export * from './stop-on-signals';
export * from './run-service';
export * from './run-all-in-one';
export * from './request-bodies';
