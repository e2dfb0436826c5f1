// Loopback addresses for radios. Each radio answers on its own 127.x address; the last octet skips 0
// and 255 so no radio sits on an address that tools treat as a network or broadcast address.

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`Not an IPv4 address: ${ip}`);
  }
  const [a = 0, b = 0, c = 0, d = 0] = parts;
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

export function intToIp(n: number): string {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The `count` addresses from `first` upward, skipping .0 and .255; all must stay inside 127.0.0.0/8. */
export function radioAddresses(first: string, count: number): string[] {
  const out: string[] = [];
  let n = ipToInt(first);
  while (out.length < count) {
    const last = n & 255;
    if (last !== 0 && last !== 255) {
      out.push(intToIp(n));
    }
    n = (n + 1) >>> 0;
  }
  const end = out[out.length - 1];
  if (!first.startsWith('127.') || (end !== undefined && !end.startsWith('127.'))) {
    throw new Error(`Radio addresses must stay inside 127.0.0.0/8 (first ${first}, ${count} radios)`);
  }
  return out;
}
