import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

describe('password policy', () => {
  it('accepts a long, uncommon password', () => {
    expect(passwordProblems('correct horse battery', 'alice')).toEqual([]);
  });

  it.each(['password123', 'Password1!', 'qwertyuiop', 'iloveyou12', '1234567890'])(
    'refuses the common password %s, naming the field',
    (password) => {
      const issues = passwordProblems(password, 'alice', 'newPassword');
      expect(issues.map((i) => i.path)).toContain('newPassword');
      expect(issues.some((i) => /most common/.test(i.message))).toBe(true);
    },
  );

  it('refuses a password that holds the username, in any case', () => {
    expect(passwordProblems('xx-ALICE-in-wonder', 'alice').map((i) => i.message)).toContain(
      'password must not contain the username',
    );
  });

  it('refuses a password of too few different characters', () => {
    expect(passwordProblems('aaaaaaaaabbbbbbb', 'alice').map((i) => i.message)).toContain(
      'password must use at least 4 different characters',
    );
  });
});
