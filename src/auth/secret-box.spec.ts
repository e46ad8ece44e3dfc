import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { purposeKey, SecretBox } from './secret-box';

const MASTER = 'x'.repeat(40);

/** A TOTP seed as it was sealed before keys were separated by purpose (one HKDF key for everything, format v1). */
function sealedTheOldWay(masterSecret: string, plaintext: string): string {
  const key = Buffer.from(hkdfSync('sha256', masterSecret, 'isa-match', 'secret-box v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

describe('SecretBox', () => {
  const box = SecretBox.forPurpose(MASTER, 'totp');

  it('opens what it sealed, and never seals the same way twice', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(box.isLegacy(sealed)).toBe(false);
  });

  it('refuses a tampered value and a value sealed under another secret', () => {
    const sealed = box.seal('secret');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => SecretBox.forPurpose('y'.repeat(40), 'totp').open(sealed)).toThrow();
  });

  it('uses a key of its own for each purpose: one purpose cannot open another’s values', () => {
    expect(purposeKey(MASTER, 'totp').equals(purposeKey(MASTER, 'response-links'))).toBe(false);
    const links = SecretBox.forPurpose(MASTER, 'response-links');
    expect(() => links.open(box.seal('seed'))).toThrow();
    expect(() => box.open(links.seal('token'))).toThrow();
  });

  it('still opens TOTP seeds sealed before keys were separated, and says they are worth sealing again', () => {
    const old = sealedTheOldWay(MASTER, 'JBSWY3DPEHPK3PXP');
    expect(box.isLegacy(old)).toBe(true);
    expect(box.open(old)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.open(box.seal(box.open(old)))).toBe('JBSWY3DPEHPK3PXP');
    // Only the TOTP purpose reads the old format.
    expect(() => SecretBox.forPurpose(MASTER, 'response-links').open(old)).toThrow();
  });
});
