import { describeAddress, redisOptionsFromUrl } from './redis-connection';

describe('redisOptionsFromUrl', () => {
  it('reads host, port, credentials and database from the URL', () => {
    expect(redisOptionsFromUrl('redis://user:p%40ss@cache.local:6380/2')).toEqual({
      host: 'cache.local',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: undefined,
    });
  });

  it('defaults to port 6379, database 0 and enables TLS for rediss://', () => {
    expect(redisOptionsFromUrl('rediss://cache.local')).toMatchObject({ port: 6379, db: 0, tls: {} });
  });
});

describe('describeAddress', () => {
  it('prints host and port without credentials', () => {
    expect(describeAddress('postgres://admin:secret@db.local/isa', 5432)).toBe('db.local:5432');
  });
});
