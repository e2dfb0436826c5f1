import { describe, expect, it } from 'vitest';
import { LoginRequestSchema } from './auth.schema.js';

describe('LoginRequestSchema', () => {
  it('accepts an ordinary username, spaces and non-ASCII letters included', () => {
    expect(LoginRequestSchema.safeParse({ username: 'Åsa Öberg', password: 'x' }).success).toBe(true);
  });

  it.each([
    ['NUL', 'admin\u0000'],
    ['newline', 'ad\nmin'],
    ['escape', '\u001b[31madmin'],
    ['DEL', 'admin\u007f'],
    ['C1 control', 'admin\u0085'],
  ])('refuses a username with a %s character, naming the field', (_what, username) => {
    const result = LoginRequestSchema.safeParse({ username, password: 'x' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['username']]);
    expect(result.error?.issues[0]?.message).toBe('username must not contain control characters');
  });
});
