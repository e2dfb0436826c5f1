// Debian's Chromium, not a Playwright download (no browser downloads here). Installed on demand when root.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumPath(): string {
  return process.env.WSNOC_CHROMIUM ?? CHROMIUM;
}

export function ensureChromium(): void {
  if (existsSync(chromiumPath())) {
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is missing at ${chromiumPath()}: install it with \`sudo apt-get install -y chromium\``,
    );
  }
  process.stdout.write('[e2e] installing Debian chromium with apt-get\n');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!existsSync(chromiumPath())) {
    throw new Error(`apt-get installed chromium but ${chromiumPath()} is still missing`);
  }
}
