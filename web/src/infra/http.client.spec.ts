import { describe, expect, it, vi } from 'vitest';
import { ApiRequestError, apiRequest, parseRetryAfter } from './http.client';

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('42')).toBe(42);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('apiRequest', () => {
  it('calls a gateway error without an API body "unreachable" (dev proxy or load balancer with the server down)', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('proxy error', { status: 502 })));
    const error = await apiRequest('/api/auth/me').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).kind).toBe('unreachable');
  });

  it('carries the Retry-After of a 429', async () => {
    vi.stubGlobal('fetch', () =>
      Promise.resolve(
        new Response(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' }), {
          status: 429,
          headers: { 'Retry-After': '7' },
        }),
      ),
    );
    const error = (await apiRequest('/api/auth/login', { method: 'POST', body: {} }).catch(
      (caught: unknown) => caught,
    )) as ApiRequestError;
    expect(error.kind).toBe('throttled');
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.message).toBe('slow down');
  });
});
