import { clientKey } from './client-key';

describe('clientKey', () => {
  it('keeps an IPv4 address, also one mapped into IPv6', () => {
    expect(clientKey('198.51.100.7')).toBe('198.51.100.7');
    expect(clientKey('::ffff:198.51.100.7')).toBe('198.51.100.7');
  });

  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const key = clientKey('2001:db8:1:2::1');
    expect(key).toBe('2001:db8:1:2::/64');
    for (const address of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:abcd', '2001:db8:1:2::5%eth0', '2001:db8:1:2::198.51.100.7']) expect(clientKey(address)).toBe(key);
    expect(clientKey('2001:db8:1:3::1')).not.toBe(key);
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });

  it('names a missing address as one unknown client', () => {
    expect(clientKey(undefined)).toBe('unknown');
  });
});
