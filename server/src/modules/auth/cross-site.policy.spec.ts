import { describe, expect, it } from 'vitest';
import { changesState, foreignOrigin } from './cross-site.policy.js';

describe('foreignOrigin', () => {
  const host = { host: 'noc.example.net:8080' };

  it('lets through a request that no browser page sent (no Origin, no Sec-Fetch-Site)', () => {
    expect(foreignOrigin(host, [])).toBeNull();
  });

  it.each(['same-origin', 'none'])('lets through Sec-Fetch-Site: %s without an Origin', (site) => {
    expect(foreignOrigin({ ...host, 'sec-fetch-site': site }, [])).toBeNull();
  });

  it.each(['cross-site', 'same-site'])('refuses Sec-Fetch-Site: %s without an Origin', (site) => {
    expect(foreignOrigin({ ...host, 'sec-fetch-site': site }, [])).toBe(`Sec-Fetch-Site: ${site}`);
  });

  it("lets through the console's own origin, default ports and case aside", () => {
    expect(foreignOrigin({ ...host, origin: 'http://noc.example.net:8080' }, [])).toBeNull();
    expect(foreignOrigin({ host: 'NOC.example.net', origin: 'https://noc.example.net' }, [])).toBeNull();
    expect(foreignOrigin({ host: 'noc.example.net:443', origin: 'https://noc.example.net' }, [])).toBeNull();
  });

  it('refuses another site, another port of the same host and a sibling subdomain', () => {
    expect(foreignOrigin({ ...host, origin: 'http://evil.example' }, [])).toBe('http://evil.example');
    expect(foreignOrigin({ ...host, origin: 'http://noc.example.net:9090' }, [])).toBe(
      'http://noc.example.net:9090',
    );
    expect(foreignOrigin({ ...host, origin: 'http://x.example.net:8080' }, [])).toBe(
      'http://x.example.net:8080',
    );
  });

  it('refuses the opaque origin "null" and garbage', () => {
    expect(foreignOrigin({ ...host, origin: 'null' }, [])).toBe('null');
    expect(foreignOrigin({ ...host, origin: 'not a url' }, [])).toBe('not a url');
  });

  it('lets through an origin named in ALLOWED_ORIGINS', () => {
    const origin = 'https://console.example.org';
    expect(foreignOrigin({ ...host, origin }, [origin])).toBeNull();
  });

  it('takes the address a proxy was asked for from X-Forwarded-Host', () => {
    const proxied = { host: '127.0.0.1:8080', 'x-forwarded-host': 'noc.example.net' };
    expect(foreignOrigin({ ...proxied, origin: 'https://noc.example.net' }, [])).toBeNull();
    expect(foreignOrigin({ ...proxied, origin: 'https://evil.example' }, [])).toBe('https://evil.example');
  });
});

describe('changesState', () => {
  it('treats every method but GET, HEAD and OPTIONS as changing state', () => {
    expect(['GET', 'head', 'OPTIONS'].map(changesState)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND'].map(changesState)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });
});
