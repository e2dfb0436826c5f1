// The audit page's view (filters and the page cursor) as URL search params, under the names GET /api/audit
// takes, so a view can be shared by pasting its address, and the same params make the CSV export.
// Parsing tolerates a hand-edited link: a value the API would refuse is dropped, not sent.
import { AUDIT_OUTCOMES, AuditListQuerySchema, type AuditEntry } from '@wsnoc/shared';

export interface AuditFilters {
  actor?: string;
  /** An action, or a prefix of one ending in a dot (`device.`). */
  action?: string;
  deviceId?: string;
  outcome?: AuditEntry['outcome'];
  /** ISO date-times, UTC. */
  from?: string;
  to?: string;
}

export interface AuditViewState {
  filters: AuditFilters;
  /** Entries older than this id; undefined for the newest page. */
  before?: string;
}

export const FILTER_KEYS = ['actor', 'action', 'deviceId', 'outcome', 'from', 'to'] as const;

/** A page is this many entries; a full page means there may be older ones. */
export const AUDIT_PAGE_SIZE = 100;
/** The most one export holds: the API's largest page. */

const FIELDS = AuditListQuerySchema.shape;

function field<K extends keyof typeof FIELDS>(params: URLSearchParams, key: K) {
  const raw = params.get(key)?.trim();
  if (!raw) {
    return undefined;
  }
  const parsed = FIELDS[key].safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function parseAuditView(params: URLSearchParams): AuditViewState {
  const outcome = params.get('outcome');
  const filters: AuditFilters = {
    actor: field(params, 'actor') as string | undefined,
    action: field(params, 'action') as string | undefined,
    deviceId: field(params, 'deviceId') as string | undefined,
    outcome: (AUDIT_OUTCOMES as readonly string[]).includes(outcome ?? '')
      ? (outcome as AuditEntry['outcome'])
      : undefined,
    from: field(params, 'from') as string | undefined,
    to: field(params, 'to') as string | undefined,
  };
  // A range the API refuses (from after to) keeps only its start rather than failing the page.
  if (filters.from && filters.to && Date.parse(filters.from) > Date.parse(filters.to)) {
    filters.to = undefined;
  }
  return { filters: prune(filters), before: field(params, 'before') as string | undefined };
}

function prune(filters: AuditFilters): AuditFilters {
  const out: AuditFilters = {};
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') {
      (out as Record<string, string>)[key] = value;
    }
  }
  return out;
}

function filterParams(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== '') {
      params.set(key, value);
    }
  }
  return params;
}

/** The page's address params: the filters, then the cursor when not on the newest page. */
export function auditViewParams(view: AuditViewState): URLSearchParams {
  const params = filterParams(view.filters);
  if (view.before !== undefined) {
    params.set('before', view.before);
  }
  return params;
}

/** The query of GET /api/audit for this view's page. */
export function auditQuery(view: AuditViewState): string {
  const params = auditViewParams(view);
  params.set('limit', String(AUDIT_PAGE_SIZE));
  return params.toString();
}

/**
 * The CSV export of the same filters, from the newest entry (not the page on screen): an export is the
 * record of a question ("everything bob did yesterday"), not of how far someone had paged.
 */
export function auditCsvHref(filters: AuditFilters): string {
  const params = filterParams(filters);
  params.set('format', 'csv');
  return `/api/audit?${params.toString()}`;
}

export function hasFilters(filters: AuditFilters): boolean {
  return FILTER_KEYS.some((key) => filters[key] !== undefined);
}

/** `datetime-local` holds minutes without a zone; the page shows and takes UTC, as the API does. */
export function isoFromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) {
    return undefined;
  }
  return `${value}:00.000Z`;
}

export function localInputFromIso(iso: string | undefined): string {
  return iso === undefined ? '' : iso.slice(0, 16);
}
