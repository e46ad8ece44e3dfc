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

  it('refuses the development secret, or no secret, whenever PUBLIC_URL is not a localhost address, whatever NODE_ENV', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      for (const PUBLIC_URL of ['https://match.bad-homburg.de', 'http://192.168.1.20:3000', 'http://isa-match:3000']) {
        expect(() => validateEnvironment({ NODE_ENV, PUBLIC_URL })).toThrow(/SESSION_SECRET/);
        expect(() => validateEnvironment({ NODE_ENV, PUBLIC_URL, SESSION_SECRET: 'development-only-secret-change-me-in-production' })).toThrow(/SESSION_SECRET/);
        expect(validateEnvironment({ NODE_ENV, PUBLIC_URL, SESSION_SECRET: 'r'.repeat(48) }).PUBLIC_URL).toBe(PUBLIC_URL);
      }
    }
  });

  it('accepts the development secret on a developer machine only', () => {
    for (const PUBLIC_URL of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'http://isa.localhost']) {
      expect(validateEnvironment({ NODE_ENV: 'development', PUBLIC_URL }).PUBLIC_URL).toBe(PUBLIC_URL);
    }
    expect(() => validateEnvironment({ NODE_ENV: 'production', PUBLIC_URL: 'http://localhost:3000' })).toThrow(/SESSION_SECRET/);
  });

  it('publishes the API docs by default in development and test only, and as API_DOCS_PUBLIC says', () => {
    expect(validateEnvironment({ NODE_ENV: 'development' }).API_DOCS_PUBLIC).toBe(true);
    expect(validateEnvironment({ NODE_ENV: 'test' }).API_DOCS_PUBLIC).toBe(true);
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'r'.repeat(48) };
    expect(validateEnvironment(production).API_DOCS_PUBLIC).toBe(false);
    expect(validateEnvironment({ ...production, API_DOCS_PUBLIC: 'true' }).API_DOCS_PUBLIC).toBe(true);
    expect(validateEnvironment({ NODE_ENV: 'development', API_DOCS_PUBLIC: 'false' }).API_DOCS_PUBLIC).toBe(false);
    expect(() => validateEnvironment({ API_DOCS_PUBLIC: 'maybe' })).toThrow(/API_DOCS_PUBLIC/);
  });

  it('has documented retention periods and refuses one that is not a whole number of days from 1 to 3650', () => {
    const environment = validateEnvironment({});
    expect([environment.RETENTION_ENDED_REQUEST_DAYS, environment.RETENTION_EMAIL_DAYS, environment.RETENTION_SESSION_DAYS]).toEqual([730, 365, 90]);
    expect(validateEnvironment({ RETENTION_EMAIL_DAYS: '30' }).RETENTION_EMAIL_DAYS).toBe(30);
    expect(() => validateEnvironment({ RETENTION_SESSION_DAYS: '0' })).toThrow(/RETENTION_SESSION_DAYS/);
    expect(() => validateEnvironment({ RETENTION_ENDED_REQUEST_DAYS: 'forever' })).toThrow(/RETENTION_ENDED_REQUEST_DAYS/);
  });

  it('trusts X-Forwarded-For from loopback only unless TRUST_PROXY says otherwise, and refuses a vague value', () => {
    expect(validateEnvironment({}).TRUST_PROXY).toBe('loopback');
    expect(validateEnvironment({ TRUST_PROXY: 'none' }).TRUST_PROXY).toBe('none');
    expect(() => validateEnvironment({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
  });
});
