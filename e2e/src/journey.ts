// Shared steps of the journeys: sign in through the form, and drive the field lab's control API.
import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN_PASSWORD } from './stack.js';

export async function signIn(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill(E2E_ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toHaveText('admin');
}

export function labUrl(): string {
  const url = process.env.WSNOC_E2E_LAB_URL;
  if (!url) {
    throw new Error('WSNOC_E2E_LAB_URL is unset: the global setup starts the field lab');
  }
  return url;
}

/** Calls the field lab's control API, failing loudly on any error answer. */
export async function lab(path: string, method = 'GET', body?: unknown): Promise<unknown> {
  const response = await fetch(`${labUrl()}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`lab ${method} ${path} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}
