import { EnvironmentError, ProcessRole, validateEnvironment } from './environment';

describe('validateEnvironment', () => {
  it('fills local defaults that work on a developer machine', () => {
    const environment = validateEnvironment({});
    expect(environment.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/isa_match');
    expect(environment.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(environment.HOME_CITY).toBe('bad-homburg');
    expect(environment.PROCESS_ROLE).toBe(ProcessRole.All);
    expect(environment.PORT).toBe(3000);
    expect(environment.DATABASE_MIGRATE).toBe(true);
    expect(environment.SMTP_URL).toBeUndefined();
  });

  it('converts numbers and booleans given as strings', () => {
    const environment = validateEnvironment({ PORT: '8080', DATABASE_MIGRATE: 'false' });
    expect(environment.PORT).toBe(8080);
    expect(environment.DATABASE_MIGRATE).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(validateEnvironment({ SMTP_URL: '' }).SMTP_URL).toBeUndefined();
  });

  it('reports every invalid variable at once, by name', () => {
    try {
      validateEnvironment({ PORT: '99999', DATABASE_URL: 'mysql://x', PROCESS_ROLE: 'both', SMTP_URL: 'http://mail' });
      throw new Error('expected validation to fail');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const message = (error as EnvironmentError).message;
      for (const name of ['PORT', 'DATABASE_URL', 'PROCESS_ROLE', 'SMTP_URL']) expect(message).toContain(name);
    }
  });

  it('refuses the development session secret in production', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
    expect(validateEnvironment({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });
});
