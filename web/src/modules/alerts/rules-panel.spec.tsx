import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@wsnoc/shared';
import { rule } from '@/test/alerts-fixtures';
import { ADMIN, json, renderApp, stubFetch } from '@/test/render-app';
import { RulesPanel } from './rules-panel';

const WEAK = rule();
const CUSTOM = rule({
  name: 'Hot tower',
  metric: 'temperature',
  condition: { op: '>', value: 70 },
  builtin: false,
});

async function openRules(routes: Record<string, () => Response> = {}) {
  let rules: AlertRule[] = [WEAK, CUSTOM];
  const fetch = stubFetch({
    'GET /api/auth/me': () => json(200, ADMIN),
    'GET /api/alert-rules': () => json(200, { items: rules }),
    ...routes,
  });
  renderApp('/alerts?tab=rules');
  await screen.findByTestId('rule-row-Weak link', {}, { timeout: 15_000 });
  return { fetch, setRules: (next: AlertRule[]) => (rules = next) };
}

const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

describe(RulesPanel.name, () => {
  it('lists the rules and disables one in place', async () => {
    const { fetch, setRules } = await openRules({
      [`PATCH /api/alert-rules/${WEAK.id}`]: () => json(200, { ...WEAK, enabled: false }),
    });
    expect(screen.getByTestId('rule-row-Weak link').textContent).toContain('threshold: snr < 15, for 120 s');
    // A built-in rule is disabled, never deleted.
    expect(screen.queryByTestId('rule-delete-Weak link')).toBeNull();
    expect(screen.getByTestId('rule-delete-Hot tower')).toBeTruthy();
    setRules([{ ...WEAK, enabled: false }, CUSTOM]);
    fireEvent.click(screen.getByTestId('rule-toggle-Weak link'));
    await waitFor(() =>
      expect(screen.getByTestId('rule-row-Weak link').getAttribute('data-enabled')).toBe('false'),
    );
    expect(fetch.calls.find((call) => call.key.startsWith('PATCH'))?.body).toEqual({ enabled: false });
  });

  it('names each problem next to its field before sending anything', async () => {
    const { fetch } = await openRules();
    fireEvent.click(screen.getByTestId('rule-new'));
    type('rule-value', 'low');
    type('rule-duration', '-5');
    fireEvent.change(screen.getByTestId('rule-scope-type'), { target: { value: 'site' } });
    fireEvent.click(screen.getByTestId('rule-save'));
    expect(screen.getByTestId('rule-error-name').textContent).toBe('name must not be empty');
    expect(screen.getByTestId('rule-error-condition').textContent).toBe('condition.value must be a number');
    expect(screen.getByTestId('rule-error-durationSec').textContent).toBe('durationSec is at least 0');
    expect(screen.getByTestId('rule-error-scope').textContent).toContain('scope.value');
    expect(fetch.calls.filter((call) => call.key.startsWith('POST'))).toHaveLength(0);

    // A kind's own needs are checked too: a flapping rule watches reachable and needs a count and window.
    fireEvent.change(screen.getByTestId('rule-kind'), { target: { value: 'flapping' } });
    fireEvent.click(screen.getByTestId('rule-save'));
    expect(screen.getByTestId('rule-error-count').textContent).toContain('count');
    expect(screen.getByTestId('rule-error-metric').textContent).toContain('reachable');
  });

  it("shows the server's refusal by field, and creates the rule once it is right", async () => {
    let refuse = true;
    const { fetch, setRules } = await openRules({
      'POST /api/alert-rules': () =>
        refuse
          ? json(400, {
              statusCode: 400,
              error: 'Bad Request',
              code: 'alerts.invalid',
              message: 'name: a rule of that name exists',
              issues: [{ path: 'name', message: 'a rule of that name exists' }],
            })
          : json(201, rule({ name: 'Low SNR skye', builtin: false })),
    });
    fireEvent.click(screen.getByTestId('rule-new'));
    type('rule-name', 'Weak link');
    type('rule-value', '12');
    fireEvent.click(screen.getByTestId('rule-save'));
    expect((await screen.findByTestId('rule-error-name')).textContent).toBe('a rule of that name exists');

    refuse = false;
    setRules([WEAK, CUSTOM, rule({ name: 'Low SNR skye', builtin: false })]);
    type('rule-name', 'Low SNR skye');
    fireEvent.click(screen.getByTestId('rule-save'));
    await screen.findByTestId('rule-row-Low SNR skye');
    expect(screen.queryByTestId('rule-editor')).toBeNull();
    expect(fetch.calls.filter((call) => call.key === 'POST /api/alert-rules').at(-1)?.body).toEqual({
      name: 'Low SNR skye',
      enabled: true,
      metric: 'snr',
      kind: 'threshold',
      condition: { op: '<', value: 12 },
      durationSec: 120,
      severity: 'major',
      scope: { type: 'all' },
    });
  });

  it('previews what an edited rule would have fired on the last 24 hours, without saving it', async () => {
    const { fetch } = await openRules({
      'POST /api/alert-rules/preview': () =>
        json(200, {
          evaluatedSamples: 4320,
          firings: [
            { deviceId: 'c1', name: 'cpe-7', from: '2025-01-01T03:00:00.000Z', to: null, value: 11.5 },
            {
              deviceId: 'c2',
              name: 'cpe-9',
              from: '2025-01-01T01:00:00.000Z',
              to: '2025-01-01T01:04:00.000Z',
              value: 13,
            },
          ],
        }),
    });
    fireEvent.click(screen.getByTestId('rule-edit-Weak link'));
    expect(screen.getByTestId<HTMLInputElement>('rule-value').value).toBe('15');
    type('rule-value', '18');
    fireEvent.click(screen.getByTestId('rule-preview'));
    const result = await screen.findByTestId('rule-preview-result');
    expect(result.getAttribute('data-firings')).toBe('2');
    expect(result.textContent).toContain('over 4320 samples');
    const firings = within(result).getAllByTestId('rule-preview-firing');
    expect(firings[0]!.textContent).toContain('still firing');
    expect(fetch.calls.find((call) => call.key === 'POST /api/alert-rules/preview')?.body).toMatchObject({
      rule: { name: 'Weak link', condition: { op: '<', value: 18 } },
    });
    expect(fetch.calls.some((call) => call.key.startsWith('PATCH'))).toBe(false);
  });
});
