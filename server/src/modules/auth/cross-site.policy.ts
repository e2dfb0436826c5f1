// Which requests a page of another site may not make with the user's cookie. Browsers name the page that
// sent a request in `Origin` (and `Sec-Fetch-Site`); the session cookie is SameSite=Strict, but a sibling
// subdomain is the "same site" and an old browser may ignore SameSite, so every state-changing request and
// every live-feed handshake is checked here too. Clients that are not browsers (curl, scripts, the tests)
// send neither header and are not what this defends against: they hold the cookie themselves.
import type { IncomingHttpHeaders } from 'node:http';

/** Methods that change nothing; every other method must come from the console's own pages. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

const first = (value: string | string[] | undefined): string | undefined =>
  (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim() || undefined;

/**
 * The foreign origin that sent this request, or null when it came from the console's own origin, an
 * allowed one, or no browser page at all. The console's own origin is the one the request was addressed
 * to: `Host`, or `X-Forwarded-Host` from a proxy in front (a page cannot set that header on a cross-site
 * request without a CORS preflight, which the console never grants).
 */
export function foreignOrigin(
  headers: IncomingHttpHeaders,
  allowedOrigins: readonly string[],
): string | null {
  const origin = first(headers.origin);
  if (origin === undefined) {
    // No Origin: a browser still says where the request came from in Sec-Fetch-Site.
    const site = first(headers['sec-fetch-site']);
    return site === undefined || site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site: ${site}`;
  }
  if (!URL.canParse(origin)) {
    return origin; // includes "null": a sandboxed frame or a file, never the console
  }
  const from = new URL(origin);
  if (allowedOrigins.includes(from.origin)) {
    return null;
  }
  for (const host of [first(headers['x-forwarded-host']), first(headers.host)]) {
    if (host !== undefined && URL.canParse(`${from.protocol}//${host}`)) {
      if (new URL(`${from.protocol}//${host}`).host === from.host) {
        return null;
      }
    }
  }
  return from.origin;
}
