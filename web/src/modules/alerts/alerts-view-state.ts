// The Alerts page's view as URL search params, under the names GET /api/incidents takes, so a view (the
// critical incidents of one site, one radio's history, an open incident) is shared by its address and the
// overview and device pages can link into it. Defaults stay out of the URL; a hand-edited value the API
// would refuse is dropped, never an error. The same filters decide whether an incident that arrives on the
// feed belongs on the screen.
import {
  ALERT_SEVERITIES,
  INCIDENT_STATES,
  IncidentListQuerySchema,
  type AlertSeverity,
  type Incident,
  type IncidentState,
} from '@wsnoc/shared';

export const ALERT_TABS = ['incidents', 'rules', 'maintenance', 'channels'] as const;
export type AlertTab = (typeof ALERT_TABS)[number];

export interface IncidentFilters {
  /** Never empty: no `state` in the URL means the active ones (open and acknowledged). */
  states: readonly IncidentState[];
  /** Empty means every severity. */
  severities: readonly AlertSeverity[];
  site?: string;
  deviceId?: string;
}

export interface AlertsView {
  tab: AlertTab;
  filters: IncidentFilters;
  /** The incident whose detail is open. */
  incident?: string;
}

export const ACTIVE_STATES: readonly IncidentState[] = ['open', 'acknowledged'];
/** Incidents per page of the list; the page says when there are more. */
export const INCIDENT_PAGE_SIZE = 200;

const FIELDS = IncidentListQuerySchema.shape;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The known values of a comma-separated list, in their canonical order. */
function list<T extends string>(raw: string | null, known: readonly T[]): T[] {
  const given = new Set((raw ?? '').split(',').map((value) => value.trim()));
  return known.filter((value) => given.has(value));
}

export function parseAlertsView(params: URLSearchParams): AlertsView {
  const tab = params.get('tab');
  const states = list(params.get('state'), INCIDENT_STATES);
  const site = FIELDS.site.safeParse(params.get('site')?.trim() || undefined);
  const deviceId = FIELDS.deviceId.safeParse(params.get('deviceId')?.trim() || undefined);
  const incident = params.get('incident')?.trim();
  const filters: IncidentFilters = {
    states: states.length > 0 ? states : ACTIVE_STATES,
    severities: list(params.get('severity'), ALERT_SEVERITIES),
  };
  if (site.success && site.data !== undefined) {
    filters.site = site.data;
  }
  if (deviceId.success && deviceId.data !== undefined) {
    filters.deviceId = deviceId.data;
  }
  return {
    tab: (ALERT_TABS as readonly string[]).includes(tab ?? '') ? (tab as AlertTab) : 'incidents',
    filters,
    incident: incident && UUID.test(incident) ? incident : undefined,
  };
}

const sameStates = (a: readonly IncidentState[], b: readonly IncidentState[]): boolean =>
  a.length === b.length && a.every((state) => b.includes(state));

function filterParams(filters: IncidentFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (!sameStates(filters.states, ACTIVE_STATES) && filters.states.length > 0) {
    params.set('state', list(filters.states.join(','), INCIDENT_STATES).join(','));
  }
  if (filters.severities.length > 0) {
    params.set('severity', list(filters.severities.join(','), ALERT_SEVERITIES).join(','));
  }
  if (filters.site) {
    params.set('site', filters.site);
  }
  if (filters.deviceId) {
    params.set('deviceId', filters.deviceId);
  }
  return params;
}

/** The page's address params: the tab when not the incidents, the filters, the open incident. */
export function alertsViewParams(view: AlertsView): URLSearchParams {
  const params = filterParams(view.filters);
  if (view.tab !== 'incidents') {
    params.set('tab', view.tab);
  }
  if (view.incident) {
    params.set('incident', view.incident);
  }
  return params;
}

/**
 * The query of GET /api/incidents for these filters (the states are always named), for the page after
 * `cursor` when given. The cursor is the server's, never part of the page's address.
 */
export function incidentsQuery(
  filters: IncidentFilters,
  limit = INCIDENT_PAGE_SIZE,
  cursor?: string,
): string {
  const params = filterParams(filters);
  params.set('state', filters.states.join(','));
  params.set('limit', String(limit));
  if (cursor !== undefined) {
    params.set('cursor', cursor);
  }
  return params.toString();
}

/** A list with resolved incidents in it is history: without bound, so read a page at a time. */
export const isHistory = (filters: IncidentFilters): boolean => filters.states.includes('resolved');

/** A link to the Alerts page showing these incidents (the overview's and the device page's panels). */
export function alertsHref(filters: Partial<IncidentFilters> = {}): string {
  const query = filterParams({ states: ACTIVE_STATES, severities: [], ...filters }).toString();
  return query ? `/alerts?${query}` : '/alerts';
}

export function hasFilters(filters: IncidentFilters): boolean {
  return (
    !sameStates(filters.states, ACTIVE_STATES) ||
    filters.severities.length > 0 ||
    filters.site !== undefined ||
    filters.deviceId !== undefined
  );
}

/** The site an incident is about: a site incident's own, or its device's. */
export const incidentSite = (incident: Incident): string | undefined => incident.scope.site ?? incident.site;

/** The device an incident is about, when it is about one. */
export const incidentDevice = (incident: Incident): string | undefined =>
  incident.scope.deviceId ?? incident.deviceId;

/** Whether the state and severity filters keep an incident (what a change on the feed can alter). */
export function keepsIncident(incident: Incident, filters: IncidentFilters): boolean {
  return (
    filters.states.includes(incident.state) &&
    (filters.severities.length === 0 || filters.severities.includes(incident.severity))
  );
}

/**
 * Whether an incident new to this screen belongs on it. The server also lists an incident for a device it
 * covers without being about it (a CPE suppressed into its base station's), which the incident itself does
 * not say; the incidents store reads the list again when an outage that counts devices in may be one.
 */
export function matchesIncident(incident: Incident, filters: IncidentFilters): boolean {
  return (
    keepsIncident(incident, filters) &&
    (filters.site === undefined || incidentSite(incident) === filters.site) &&
    (filters.deviceId === undefined || incidentDevice(incident) === filters.deviceId)
  );
}
