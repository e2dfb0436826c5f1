// Playwright for the browser bench, taken from e2e/ where it is installed: bench declares no browser
// dependency of its own (Debian's Chromium is driven through it; no browser download). Loaded with require
// from e2e's package: its CommonJS entry re-exports names ESM import cannot see, and its type declarations
// re-export from 'playwright/test', which TypeScript cannot resolve from bench through pnpm's symlinks.
// So, as feed-client.ts does for socket.io-client, only the few calls this bench makes are typed here.
import { createRequire } from 'node:module';

export interface CdpEvents {
  'Network.requestWillBeSent': { timestamp: number; wallTime: number };
  'Network.webSocketWillSendHandshakeRequest': { timestamp: number; wallTime: number };
  'Network.webSocketFrameReceived': {
    requestId: string;
    timestamp: number;
    response: { opcode: number; payloadData: string };
  };
}

export interface CDPSession {
  on<E extends keyof CdpEvents>(event: E, listener: (payload: CdpEvents[E]) => void): void;
  send(method: 'Runtime.getHeapUsage'): Promise<{ usedSize: number; totalSize: number }>;
  send(method: 'Network.enable', params: Record<string, number>): Promise<unknown>;
  send(method: 'HeapProfiler.collectGarbage'): Promise<unknown>;
}

export interface Locator {
  click(): Promise<void>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'commit' | 'load' | 'domcontentloaded' }): Promise<unknown>;
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  evaluate(script: string): Promise<unknown>;
  waitForFunction<A>(
    fn: (arg: A) => boolean,
    arg: A,
    options: { timeout: number; polling: number },
  ): Promise<unknown>;
  getByTestId(id: string): Locator;
  mouse: {
    move(x: number, y: number): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
  };
}

export interface BrowserContext {
  addInitScript(script: { content: string }): Promise<void>;
  addInitScript<A>(fn: (arg: A) => void, arg: A): Promise<void>;
  newPage(): Promise<Page>;
  newCDPSession(page: Page): Promise<CDPSession>;
  request: {
    post(url: string, options: { data: unknown }): Promise<{ ok(): boolean; status(): number }>;
  };
  close(): Promise<void>;
}

export interface Browser {
  newContext(options: { viewport: { width: number; height: number } }): Promise<BrowserContext>;
  version(): string;
  close(): Promise<void>;
}

export interface ChromiumLauncher {
  launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser>;
}

const e2eRequire = createRequire(new URL('../../e2e/package.json', import.meta.url));

export const { chromium } = e2eRequire('@playwright/test') as { chromium: ChromiumLauncher };
