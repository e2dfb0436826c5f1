import { ensureChromium } from './chromium.js';
import { startStack } from './stack.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureChromium();
  const stack = await startStack();
  process.env.WSNOC_E2E_URL = stack.url;
  process.env.WSNOC_E2E_LAB_URL = stack.labUrl;
  return () => stack.stop();
}
