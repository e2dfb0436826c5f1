import { describe, expect, it } from 'vitest';
import { DEFAULT_LANDING, loginPathFor, readRedirectTarget } from './redirect-target';

describe('readRedirectTarget', () => {
  it('returns the wanted same-origin path with its query', () => {
    expect(readRedirectTarget(`?next=${encodeURIComponent('/devices?status=down')}`)).toBe(
      '/devices?status=down',
    );
  });

  it.each(['https://evil.example/', '//evil.example/x', '/\\evil.example', '/login', 'devices'])(
    'refuses %s and lands on the overview',
    (next) => {
      expect(readRedirectTarget(`?next=${encodeURIComponent(next)}`)).toBe(DEFAULT_LANDING);
    },
  );

  it('round-trips through loginPathFor', () => {
    const login = loginPathFor('/map#tower-7');
    expect(readRedirectTarget(login.slice(login.indexOf('?')))).toBe('/map#tower-7');
  });
});
