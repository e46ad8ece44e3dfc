import { isServiceUnavailable } from './unavailable';

describe('isServiceUnavailable', () => {
  it('recognises a database that is away, directly or wrapped', () => {
    expect(isServiceUnavailable(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isServiceUnavailable({ message: 'query failed', driverError: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) })).toBe(true);
    expect(isServiceUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isServiceUnavailable(Object.assign(new Error('Query runner already released.'), { name: 'QueryRunnerAlreadyReleasedError' }))).toBe(true);
    expect(isServiceUnavailable(Object.assign(new Error('Database connection provided by a query runner was already released.'), { name: 'QueryRunnerProviderAlreadyReleasedError' }))).toBe(true);
  });

  it('leaves real bugs to be 500s', () => {
    expect(isServiceUnavailable(new TypeError('Cannot read properties of undefined'))).toBe(false);
    expect(isServiceUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isServiceUnavailable(undefined)).toBe(false);
  });
});
