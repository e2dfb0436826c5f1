// REST calls of the Spectrum page. Every body is parsed at the edge with the shared schemas; the CSV export
// is a plain link to the same query with format=csv, so the browser downloads what the server wrote.
import {
  ActionAcceptedSchema,
  FleetPlanPreviewSchema,
  PlanRunSchema,
  SpectrumRecordListSchema,
  SpectrumStationDetailSchema,
  SpectrumStationListSchema,
  type FleetPlanPreview,
  type PlanRun,
  type SpectrumRecord,
  type SpectrumRecordKind,
  type SpectrumStationDetail,
  type SpectrumStationList,
} from '@wsnoc/shared';
import { apiRequest } from '@/infra/http.client';

const STATIONS = '/api/spectrum/stations';
const RECORDS = '/api/spectrum/records';
const PLANS = '/api/spectrum/plans';

const stationPath = (id: string, rest = ''): string => `${STATIONS}/${encodeURIComponent(id)}${rest}`;

export function fetchStations(signal?: AbortSignal): Promise<SpectrumStationList> {
  return apiRequest(STATIONS, { schema: SpectrumStationListSchema, signal });
}

/** One station with the schedule of what its site permits over the next 24 h. */
export function fetchStation(id: string, signal?: AbortSignal): Promise<SpectrumStationDetail> {
  return apiRequest(stationPath(id), { schema: SpectrumStationDetailSchema, signal });
}

/** Asks the console to check this station with the database now; the outcome arrives on the feed. */
export async function requestCheck(id: string): Promise<void> {
  await apiRequest(stationPath(id, '/check'), { method: 'POST', body: {}, schema: ActionAcceptedSchema });
}

/** Plans the fleet's channels from the grants in force; the server sends nothing to a radio for this. */
export function previewPlan(): Promise<FleetPlanPreview> {
  return apiRequest(PLANS, { method: 'POST', body: {}, schema: FleetPlanPreviewSchema });
}

/** Starts applying a preview (202); the steps that follow arrive on the feed as spectrum:plan-run. */
export function applyPlan(planId: string): Promise<PlanRun> {
  return apiRequest(`${PLANS}/${encodeURIComponent(planId)}/apply`, {
    method: 'POST',
    body: {},
    schema: PlanRunSchema,
  });
}

/** A run's progress, for when feed events may have been lost (a reconnect). */
export function fetchPlanRun(planId: string, signal?: AbortSignal): Promise<PlanRun> {
  return apiRequest(`${PLANS}/${encodeURIComponent(planId)}/run`, { schema: PlanRunSchema, signal });
}

/** The compliance record query as the server takes it (SpectrumRecordQuerySchema). */
export interface RecordQuery {
  deviceId?: string;
  kinds?: readonly SpectrumRecordKind[];
  /** ISO 8601 UTC. */
  from?: string;
  to?: string;
  limit?: number;
}

export function recordSearch(query: RecordQuery, format: 'json' | 'csv' = 'json'): string {
  const params = new URLSearchParams();
  if (query.deviceId) {
    params.set('deviceId', query.deviceId);
  }
  if (query.kinds && query.kinds.length > 0) {
    params.set('kind', query.kinds.join(','));
  }
  if (query.from) {
    params.set('from', query.from);
  }
  if (query.to) {
    params.set('to', query.to);
  }
  if (query.limit !== undefined) {
    params.set('limit', String(query.limit));
  }
  if (format === 'csv') {
    params.set('format', 'csv');
  }
  return params.toString();
}

export async function fetchRecords(query: RecordQuery, signal?: AbortSignal): Promise<SpectrumRecord[]> {
  const search = recordSearch(query);
  return (
    await apiRequest(search ? `${RECORDS}?${search}` : RECORDS, { schema: SpectrumRecordListSchema, signal })
  ).items;
}

/** The server's largest page: an export holds the whole period unless it is bigger than this. */
export const CSV_EXPORT_LIMIT = 100_000;

export function recordsCsvHref(query: RecordQuery): string {
  return `${RECORDS}?${recordSearch({ ...query, limit: CSV_EXPORT_LIMIT }, 'csv')}`;
}
