import { describe, expect, it, vi } from 'vitest';
import { takeWallToken, WALL_TOKEN_KEY } from './wall-token';

function place(hash: string) {
  const replaceState = vi.fn();
  return {
    replaceState,
    place: {
      location: { hash, pathname: '/wall', search: '' },
      history: { replaceState },
      storage: localStorage,
    },
  };
}

describe('takeWallToken', () => {
  it('stores a token from the fragment and takes it out of the address bar', () => {
    const { place: where, replaceState } = place('#token=abc_DEF-123');
    expect(takeWallToken(where)).toBe('abc_DEF-123');
    expect(localStorage.getItem(WALL_TOKEN_KEY)).toBe('abc_DEF-123');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/wall');
  });

  it('keeps the stored token across a reload with no fragment', () => {
    localStorage.setItem(WALL_TOKEN_KEY, 'kept');
    const { place: where, replaceState } = place('');
    expect(takeWallToken(where)).toBe('kept');
    expect(replaceState).not.toHaveBeenCalled();
  });

  it('answers null when there is none', () => {
    expect(takeWallToken(place('#other=1').place)).toBeNull();
  });
});
