import { clientDelayMs } from './login-throttle';
import { accountLockMs } from './auth.service';

describe('login throttling', () => {
  it('lets a client try five times, then makes it wait 1, 2, 4 … minutes, at most an hour', () => {
    expect([0, 4].map(clientDelayMs)).toEqual([0, 0]);
    expect([5, 6, 7].map(clientDelayMs)).toEqual([60_000, 120_000, 240_000]);
    expect(clientDelayMs(30)).toBe(3_600_000);
  });

  it('locks the account for everyone only after many failures, which one client alone cannot reach quickly', () => {
    expect(accountLockMs(49)).toBe(0);
    expect(accountLockMs(50)).toBe(15 * 60_000);
    expect(accountLockMs(51)).toBe(30 * 60_000);
    expect(accountLockMs(80)).toBe(24 * 3_600_000);
  });
});
