// Small, readable incidents and rules for the Alerts page tests.
import type { AlertRule, Incident, IncidentList } from '@wsnoc/shared';

const AT = '2025-01-01T10:00:00.000Z';

let next = 0;
/** A UUID unique per call, readable in a failure: 00000000-0000-4000-8000-00000000000N. */
export const uuid = (n = ++next): string => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: uuid(),
    ruleId: 'rule-offline',
    ruleName: 'Radio offline',
    kind: 'absence',
    severity: 'critical',
    state: 'open',
    scope: { type: 'device', deviceId: 'bs' },
    title: 'bs-1 is not answering',
    summary: 'No good poll for 3 intervals',
    deviceId: 'bs',
    deviceName: 'bs-1',
    site: 'skye',
    affectedCount: 1,
    suppressedCount: 0,
    flapCount: 0,
    openedAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export const incidentList = (incidents: Incident[], nextCursor?: string): IncidentList => ({
  incidents,
  ...(nextCursor ? { nextCursor } : {}),
});

export function rule(overrides: Partial<AlertRule> = {}): AlertRule {
  return {
    id: uuid(),
    name: 'Weak link',
    enabled: true,
    metric: 'snr',
    kind: 'threshold',
    condition: { op: '<', value: 15 },
    durationSec: 120,
    severity: 'major',
    scope: { type: 'all' },
    builtin: true,
    updatedAt: AT,
    ...overrides,
  };
}
