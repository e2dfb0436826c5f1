import { describe, expect, it } from 'vitest';
import { incident } from '@/test/alerts-fixtures';
import {
  ACTIVE_STATES,
  alertsHref,
  alertsViewParams,
  incidentsQuery,
  matchesIncident,
  parseAlertsView,
} from './alerts-view-state';

const RADIO = '0b6a5c1e-7d3f-4a2b-9c8d-1e2f3a4b5c6d';
const OPEN = '00000000-0000-4000-8000-000000000042';

describe('parseAlertsView', () => {
  it('reads every filter, the tab and the open incident; written back, it reads the same', () => {
    const view = parseAlertsView(
      new URLSearchParams(
        `state=resolved,open&severity=minor,critical&site=skye&deviceId=${RADIO}&incident=${OPEN}&tab=incidents`,
      ),
    );
    expect(view).toEqual({
      tab: 'incidents',
      filters: {
        states: ['open', 'resolved'],
        severities: ['critical', 'minor'],
        site: 'skye',
        deviceId: RADIO,
      },
      incident: OPEN,
    });
    expect(parseAlertsView(alertsViewParams(view))).toEqual(view);
    // The incidents tab is the default and stays out of the address.
    expect(alertsViewParams(view).has('tab')).toBe(false);
  });

  it('shows the active incidents by default, and drops what the API would refuse', () => {
    const view = parseAlertsView(
      new URLSearchParams('state=sleeping&severity=huge&deviceId=bs-1&site=%00&incident=x&tab=secret'),
    );
    expect(view).toEqual({ tab: 'incidents', filters: { states: ACTIVE_STATES, severities: [] } });
    expect(alertsViewParams(view).toString()).toBe('');
  });
});

describe('incidentsQuery and alertsHref', () => {
  it('always names the states to the API, and keeps the defaults out of a link', () => {
    expect(incidentsQuery({ states: ACTIVE_STATES, severities: [] })).toBe(
      'state=open%2Cacknowledged&limit=200',
    );
    expect(alertsHref()).toBe('/alerts');
    expect(alertsHref({ deviceId: RADIO })).toBe(`/alerts?deviceId=${RADIO}`);
  });
});

describe('matchesIncident', () => {
  it('keeps an incident of the filters, by state, severity, site and device', () => {
    const filters = {
      states: ACTIVE_STATES,
      severities: ['critical' as const],
      site: 'skye',
      deviceId: 'bs',
    };
    expect(matchesIncident(incident(), filters)).toBe(true);
    expect(matchesIncident(incident({ state: 'resolved' }), filters)).toBe(false);
    expect(matchesIncident(incident({ severity: 'minor' }), filters)).toBe(false);
    expect(matchesIncident(incident({ site: 'lairg' }), filters)).toBe(false);
    expect(
      matchesIncident(incident({ deviceId: 'other', scope: { type: 'device', deviceId: 'other' } }), filters),
    ).toBe(false);
    // A site-wide outage is about its site.
    expect(
      matchesIncident(incident({ scope: { type: 'site', site: 'skye' }, deviceId: undefined }), {
        ...filters,
        deviceId: undefined,
      }),
    ).toBe(true);
  });
});
