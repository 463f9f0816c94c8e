import { pgDumpConnection, redactSecret } from './pg-dump.connection';

describe('pgDumpConnection', () => {
  it('takes the password out of the URI (argv is public) and hands it over decoded', () => {
    expect(pgDumpConnection('postgres://app:p%40ss%2Fw0rd@db.internal:5433/lifecycle?sslmode=require')).toEqual({
      uri: 'postgres://app@db.internal:5433/lifecycle?sslmode=require',
      password: 'p@ss/w0rd',
    });
  });

  it('leaves a URL without password alone (PGPASSWORD or ~/.pgpass may hold it)', () => {
    expect(pgDumpConnection('postgres://postgres@127.0.0.1:5432/lifecycle')).toEqual({ uri: 'postgres://postgres@127.0.0.1:5432/lifecycle' });
  });

  it('redactSecret hides the password, raw and URL-encoded', () => {
    expect(redactSecret('auth failed for p@ss/w0rd (p%40ss%2Fw0rd)', 'p@ss/w0rd')).toBe('auth failed for *** (***)');
    expect(redactSecret('nothing', undefined)).toBe('nothing');
  });
});
