export * from './outbox.publisher';
export * from './outbox.repository';
export * from './outbox.writer';
export * from './outbox.relay';
export { markOutboxWritten } from './outbox-commit.signal';
export * from './outbox.module';
