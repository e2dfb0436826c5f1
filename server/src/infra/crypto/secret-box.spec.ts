import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secret-box.js';

describe(SecretBox.name, () => {
  const box = new SecretBox(Buffer.alloc(32, 7));

  it('round-trips a secret and never stores it in clear', () => {
    const sealed = box.seal('hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2');
    expect(box.seal('hunter2')).not.toBe(sealed);
  });

  it('refuses a tampered ciphertext', () => {
    const [v, iv, tag, body] = box.seal('hunter2').split('.');
    // Flip a bit of the ciphertext bytes (not of the base64 text, whose last character may be padding).
    const bytes = Buffer.from(body!, 'base64url');
    bytes[0]! ^= 1;
    expect(() => box.open([v, iv, tag, bytes.toString('base64url')].join('.'))).toThrow();
  });

  it('refuses a secret sealed with another key', () => {
    const other = new SecretBox(Buffer.alloc(32, 9));
    expect(() => box.open(other.seal('x'))).toThrow();
  });
});

describe('loadSecretKey', () => {
  it('generates a private key file once and reuses it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wsnoc-key-'));
    const first = loadSecretKey(undefined, dir);
    expect(loadSecretKey(undefined, dir).equals(first)).toBe(true);
    expect(statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prefers the key from the environment', () => {
    expect(loadSecretKey('ab'.repeat(32), '/nonexistent').toString('hex')).toBe('ab'.repeat(32));
  });
});
