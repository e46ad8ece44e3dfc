import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a key derived from SESSION_SECRET is for; each purpose gets a key of its own. */
export type KeyPurpose = 'totp' | 'response-links' | 'email-change-links' | 'outbox-links';

const VERSION = 'v2';
const LEGACY_VERSION = 'v1';

/** A 256-bit key for one purpose, derived from the master secret with HKDF-SHA-256. */
export function purposeKey(masterSecret: string, purpose: KeyPurpose): Buffer {
  return Buffer.from(hkdfSync('sha256', masterSecret, 'isa-match', `isa-match ${purpose} ${VERSION}`, 32));
}

// The one key all sealed values shared before keys were separated by purpose; only TOTP secrets were sealed with it.
function legacyKey(masterSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterSecret, 'isa-match', 'secret-box v1', 32));
}

/** Encrypts small secrets at rest (TOTP seeds, answer-link tokens) with AES-256-GCM under the key of their purpose. */
export class SecretBox {
  private constructor(
    private readonly key: Buffer,
    private readonly legacy: Buffer | null,
  ) {}

  static forPurpose(masterSecret: string, purpose: KeyPurpose): SecretBox {
    // TOTP seeds sealed before the keys were separated still open; they are sealed again under the TOTP key when next used.
    return new SecretBox(purposeKey(masterSecret, purpose), purpose === 'totp' ? legacyKey(masterSecret) : null);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    const key = version === VERSION ? this.key : version === LEGACY_VERSION ? this.legacy : null;
    if (!key || !iv || !tag || ciphertext === undefined) throw new Error('unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Sealed under the shared key of old: worth sealing again under this purpose's key. */
  isLegacy(sealed: string): boolean {
    return sealed.startsWith(`${LEGACY_VERSION}.`);
  }
}
