import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const ARTIFACTS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

/** Saves a full-page screenshot as e2e/artifacts/<journey>-<step>.png for people to look at. */
export async function snap(page: Page, journey: string, step: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${journey}-${step}.png`), fullPage: true });
}
