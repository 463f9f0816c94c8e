export * from './ensure-database';
export * from './run-migrations';
export * from './data-source.factory';
export * from './utc-timestamps';
export * from './entities';
export { MIGRATIONS, MIGRATIONS_TABLE } from './migrations';
export * from './processed-message.repository';
export * from './database.health';
export * from './persistence.module';
