import { containerImage } from './containers';

describe('containerImage', () => {
  it('is the upstream image unless POSTGRES_IMAGE / NATS_IMAGE name another', () => {
    expect(containerImage('postgres', {})).toBe('postgres:15-alpine');
    expect(containerImage('nats', { NATS_IMAGE: ' ' })).toBe('nats:2.10-alpine');
    expect(containerImage('postgres', { POSTGRES_IMAGE: 'lc-local/postgres:15' })).toBe('lc-local/postgres:15');
    expect(containerImage('nats', { NATS_IMAGE: 'lc-local/nats:2' })).toBe('lc-local/nats:2');
  });
});
