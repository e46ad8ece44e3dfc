import { parseTrustProxy } from './trust-proxy';

describe('parseTrustProxy', () => {
  it('trusts nobody with none', () => {
    expect(parseTrustProxy('none')).toBe(false);
  });

  it('takes named ranges, addresses and CIDR ranges', () => {
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy(' loopback, 10.0.0.5 ,10.1.0.0/16, fd00::/8 ')).toEqual(['loopback', '10.0.0.5', '10.1.0.0/16', 'fd00::/8']);
  });

  it('refuses anything else', () => {
    for (const value of ['', 'true', '*', 'all', '10.0.0.0/33', '10.0.0.999', 'loopback,', 'fd00::/129', '1.2.3.4/8/9']) expect(parseTrustProxy(value)).toBeNull();
  });
});
