// Shared steps of the journeys: sign in through the form, and drive the field lab's control API.
import { expect, type Page } from '@playwright/test';
import type { UserRole } from '@wsnoc/shared';
import { E2E_ADMIN_PASSWORD } from './stack.js';

export interface Credentials {
  username: string;
  password: string;
}

/** Signs in through the form, as the stack's admin unless told whom. */
export async function signIn(
  page: Page,
  path = '/',
  who: Credentials = { username: 'admin', password: E2E_ADMIN_PASSWORD },
): Promise<void> {
  await page.goto(path);
  await page.getByTestId('login-username').fill(who.username);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-name')).toHaveText(who.username);
}

/**
 * An admin (signed in on `page`) creates a user on the users screen. The name is made unique per call,
 * so a journey run again on the same stack never meets a taken username.
 */
export async function createUser(page: Page, prefix: string, role: UserRole): Promise<Credentials> {
  const who = {
    username: `${prefix}-${Date.now().toString(36)}`,
    password: `e2e-${prefix}-pass-${Math.random().toString(36).slice(2, 10)}`,
  };
  await page.goto('/users');
  await page.getByTestId('user-create-username').fill(who.username);
  await page.getByTestId('user-create-role').selectOption(role);
  await page.getByTestId('user-create-password').fill(who.password);
  await page.getByTestId('user-create-submit').click();
  await expect(page.getByTestId('user-create-done')).toContainText(who.username);
  await expect(page.getByTestId(`user-role-${who.username}`)).toHaveValue(role);
  return who;
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
