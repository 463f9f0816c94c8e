import { configDrift } from './config-drift';

describe('configDrift', () => {
  const current = { max_age: 100, subjects: ['a.>', 'b.>'], description: 'x', num_replicas: 1, sealed: false };

  it('reports nothing when every wanted key matches', () => {
    expect(configDrift(current, { max_age: 100, subjects: ['a.>', 'b.>'] })).toEqual([]);
  });

  it('names the keys that differ, including arrays and nested values', () => {
    expect(configDrift(current, { max_age: 200, subjects: ['a.>'], description: 'x' })).toEqual(['max_age', 'subjects']);
  });

  it('ignores keys the server holds but we do not set, and keys we leave undefined', () => {
    expect(configDrift(current, { description: undefined })).toEqual([]);
  });

  it('treats a key the server omits as different from a wanted value', () => {
    expect(configDrift<{ a?: number }>({}, { a: 1 })).toEqual(['a']);
  });

  it('skips ignored keys', () => {
    expect(configDrift(current, { max_age: 1, num_replicas: 3 }, ['num_replicas'])).toEqual(['max_age']);
  });
});
