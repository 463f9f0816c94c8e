export * from './clock.port';
export * from './system.clock';
export * from './fake.clock';
export * from './duration';
export * from './not-before';
