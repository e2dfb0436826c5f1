// Wall displays: unattended screens in the operations room. An admin creates a display with a scope
// (sites), the panels it rotates through and how fast; the display authenticates with a feed token shown
// once at creation. The /wall Socket.IO namespace carries aggregated, read-only data for that scope only:
// status counts, one map point per radio and the worst links, as a snapshot then compact updates; the
// open incidents of its sites; and the spectrum plan of its base stations.
import { z } from 'zod';
import {
  type Incident,
  IncidentSchema,
  type IncidentsChanged,
  severityRank,
} from '../alerts/alerts.schema.js';
import { DeviceRoleSchema, DeviceStatusSchema } from '../devices/device.schema.js';
import { STATION_PHASES } from '../spectrum/spectrum.schema.js';

/** The Socket.IO namespace of wall displays; it serves nothing to session cookies. */
export const WALL_NAMESPACE = '/wall';

/**
 * Panels a display rotates through, in the order a new display shows them (all of them by default).
 * Displays made before a panel existed keep the panels they were given.
 */
export const WALL_PANELS = ['map', 'counts', 'worst-links', 'incidents', 'spectrum'] as const;
export const WallPanelSchema = z.enum(WALL_PANELS, {
  error: () => `panels hold ${WALL_PANELS.join(', ')}`,
});
export type WallPanel = z.infer<typeof WallPanelSchema>;

export const WALL_ROTATE_MIN_SECONDS = 5;
export const WALL_ROTATE_MAX_SECONDS = 3_600;
/** How many links the worst-links panel lists. */
export const WALL_WORST_LINKS = 10;
/**
 * At most this many open incidents a screen holds (the worst first): a wall lists the first few and
 * counts the rest, and a storm never grows a tab that runs for weeks.
 */
export const WALL_INCIDENTS_MAX = 200;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NO_CONTROL = /^[^\x00-\x1f\x7f]*$/;

const plain = (what: string, max: number) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .trim()
    .min(1, `${what} must not be empty`)
    .max(max, `${what} is at most ${max} characters`)
    .regex(NO_CONTROL, `${what} must not contain control characters`);

const DISPLAY_FIELDS = {
  name: plain('name', 64),
  /** Sites the display shows; empty shows every site (and devices with none). */
  sites: z
    .array(plain('sites[]', 64))
    .max(200, 'sites holds at most 200 sites')
    .transform((sites) => [...new Set(sites)]),
  panels: z
    .array(WallPanelSchema)
    .min(1, 'panels must name at least one panel')
    .max(WALL_PANELS.length * 2)
    .transform((panels) => [...new Set(panels)]),
  rotateSeconds: z.coerce
    .number({ error: 'rotateSeconds must be a number of seconds' })
    .int('rotateSeconds must be whole seconds')
    .min(WALL_ROTATE_MIN_SECONDS, `rotateSeconds is at least ${WALL_ROTATE_MIN_SECONDS}`)
    .max(WALL_ROTATE_MAX_SECONDS, `rotateSeconds is at most ${WALL_ROTATE_MAX_SECONDS}`),
};

export const WallDisplayCreateSchema = z
  .object({
    name: DISPLAY_FIELDS.name,
    sites: DISPLAY_FIELDS.sites.default([]),
    panels: DISPLAY_FIELDS.panels.default([...WALL_PANELS]),
    rotateSeconds: DISPLAY_FIELDS.rotateSeconds.default(20),
  })
  .strict();
export type WallDisplayCreate = z.infer<typeof WallDisplayCreateSchema>;

/** Changes exactly the fields it names; the token stays. */
export const WallDisplayUpdateSchema = z
  .object({
    name: DISPLAY_FIELDS.name.optional(),
    sites: DISPLAY_FIELDS.sites.optional(),
    panels: DISPLAY_FIELDS.panels.optional(),
    rotateSeconds: DISPLAY_FIELDS.rotateSeconds.optional(),
  })
  .strict()
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'name a field to change');
export type WallDisplayUpdate = z.infer<typeof WallDisplayUpdateSchema>;

export const WallDisplaySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  sites: z.array(z.string()),
  panels: z.array(WallPanelSchema),
  rotateSeconds: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string().datetime(),
  updatedAt: z.string().datetime(),
});
export type WallDisplay = z.infer<typeof WallDisplaySchema>;

/** The answer to a creation: the only time the token is ever shown. */
export const WallDisplayCreatedSchema = WallDisplaySchema.extend({
  /** 32 random bytes, base64url. The server keeps only its SHA-256; it cannot show it again. */
  token: z.string(),
});
export type WallDisplayCreated = z.infer<typeof WallDisplayCreatedSchema>;

export const WallDisplayListSchema = z.object({ items: z.array(WallDisplaySchema) });
export type WallDisplayList = z.infer<typeof WallDisplayListSchema>;

/** A display's token as the handshake carries it (`auth: { token }`). */
export const WallTokenSchema = z
  .string()
  .min(16)
  .max(128)
  .regex(/^[A-Za-z0-9_-]+$/);

export const WallHandshakeSchema = z.object({ token: WallTokenSchema });

// ---- the /wall feed ------------------------------------------------------------------------------

/** One radio on the wall map: no address, no credentials, no metrics beyond its status. */
export const WallPointSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: DeviceRoleSchema,
  status: DeviceStatusSchema,
  lat: z.number().nullable(),
  lon: z.number().nullable(),
});
export type WallPoint = z.infer<typeof WallPointSchema>;

/** A CPE's link to its base station, among the lowest SNR in the display's scope. */
export const WallLinkSchema = z.object({
  id: z.string(),
  name: z.string(),
  site: z.string().nullable(),
  /** The base station's name, when it is in the display's scope. */
  parentName: z.string().nullable(),
  snrDb: z.number(),
  status: DeviceStatusSchema,
});
export type WallLink = z.infer<typeof WallLinkSchema>;

export const WallCountsSchema = z.object({
  total: z.number().int(),
  up: z.number().int(),
  degraded: z.number().int(),
  muted: z.number().int(),
  unreachable: z.number().int(),
  unknown: z.number().int(),
});
export type WallCounts = z.infer<typeof WallCountsSchema>;

export const WallConfigSchema = z.object({
  id: z.string(),
  name: z.string(),
  sites: z.array(z.string()),
  panels: z.array(WallPanelSchema),
  rotateSeconds: z.number().int(),
});
export type WallConfig = z.infer<typeof WallConfigSchema>;

export const WallHelloSchema = z.object({
  serverTime: z.string().datetime(),
  version: z.string(),
  display: WallConfigSchema,
});
export type WallHello = z.infer<typeof WallHelloSchema>;

/** Everything the display shows, for its scope; sent on connect and whenever its scope changes. */
export const WallSnapshotSchema = z.object({
  at: z.string().datetime(),
  counts: WallCountsSchema,
  points: z.array(WallPointSchema),
  worst: z.array(WallLinkSchema),
});
export type WallSnapshot = z.infer<typeof WallSnapshotSchema>;

/**
 * What changed since the last update, at most about once a second, and at least every heartbeat period
 * when nothing did (so a display can tell a calm network from a stalled feed). Points are whole records
 * (upserts); counts and worst links are always whole.
 */
export const WallUpdateSchema = z.object({
  at: z.string().datetime(),
  counts: WallCountsSchema,
  points: z.array(WallPointSchema),
  removed: z.array(z.string()),
  worst: z.array(WallLinkSchema),
});
export type WallUpdate = z.infer<typeof WallUpdateSchema>;

/**
 * How a wall lists incidents, on the server and the screen alike: worst first, and within a severity the
 * longest open first (an incident nobody has cleared for hours matters more than a fresh one).
 */
export const wallIncidentOrder = (a: Incident, b: Incident): number =>
  severityRank(a.severity) - severityRank(b.severity) ||
  Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
  a.id.localeCompare(b.id);

/**
 * The open (and acknowledged) incidents of the display's sites, worst first, at most WALL_INCIDENTS_MAX:
 * the whole list, replacing what the screen holds. Sent on connect and when the display's sites change;
 * `wall:incidents` then brings changes.
 */
export const WallOpenIncidentsSchema = z.object({
  at: z.string().datetime(),
  incidents: z.array(IncidentSchema),
  /** More incidents are open in scope than the list holds. */
  truncated: z.boolean(),
});
export type WallOpenIncidents = z.infer<typeof WallOpenIncidentsSchema>;

/**
 * One base station of the spectrum plan, as a wall shows it: what it transmits and until when. No
 * position, database address or schedule: the console's Spectrum page has those.
 */
export const WallStationSchema = z.object({
  id: z.string(),
  name: z.string(),
  site: z.string().nullable(),
  /** granted: transmitting; checking: awaiting its grant; muted; fatal: refused; unmanaged. */
  phase: z.enum(STATION_PHASES),
  /** The granted channel and EIRP (dBm), null without a grant. */
  channel: z.number().int().nullable(),
  eirpDbm: z.number().nullable(),
  /** Until when the grant's channel stays permitted at this power. */
  grantUntil: z.string().datetime().nullable(),
  /** The watchdog's deadline: muted then unless a fresh check extends the grant. */
  muteAt: z.string().datetime().nullable(),
  alarm: z.string().nullable(),
});
export type WallStation = z.infer<typeof WallStationSchema>;

/** The spectrum plan of the display's scope, whole: sent on connect and when its sites change. */
export const WallSpectrumSchema = z.object({
  at: z.string().datetime(),
  /** Spectrum management is on (WSDB_URL set); off, every station is unmanaged. */
  enabled: z.boolean(),
  stations: z.array(WallStationSchema),
});
export type WallSpectrum = z.infer<typeof WallSpectrumSchema>;

/** Stations of the scope whose spectrum state changed (whole records to upsert), and those gone from it. */
export const WallStationsChangedSchema = z.object({
  at: z.string().datetime(),
  stations: z.array(WallStationSchema),
  removed: z.array(z.string()),
});
export type WallStationsChanged = z.infer<typeof WallStationsChangedSchema>;

/** Why the server ends a display's connection; the socket closes right after. */
export const WALL_END_REASONS = ['revoked'] as const;
export const WallEndedSchema = z.object({ reason: z.enum(WALL_END_REASONS) });
export type WallEnded = z.infer<typeof WallEndedSchema>;

export const WallRefusedSchema = z.object({ event: z.string(), message: z.string() });
export type WallRefused = z.infer<typeof WallRefusedSchema>;

/** Handshake refusals start with one of these words, so a display knows whether to keep trying. */
export const WALL_REFUSALS = {
  /** The token was revoked: show "Display revoked", stop. */
  revoked: 'revoked',
  /** No display has this token. */
  unknown: 'unauthorized',
  /** Too many sockets for this display already. */
  tooMany: 'too many',
  /** The server cannot check the token now (database down); try again. */
  unavailable: 'unavailable',
} as const;

export interface WallServerToClientEvents {
  'wall:hello': (payload: WallHello) => void;
  'wall:snapshot': (payload: WallSnapshot) => void;
  'wall:update': (payload: WallUpdate) => void;
  /** An admin changed the display (name, panels, rotation); a new scope also brings a snapshot. */
  'wall:config': (payload: WallConfig) => void;
  /** The display's token was revoked; the server closes the socket right after. */
  'wall:ended': (payload: WallEnded) => void;
  'wall:refused': (payload: WallRefused) => void;
  /**
   * Incidents of the display's sites (a display with no sites: every incident) that opened or changed,
   * whole records to upsert by id, as on /ops.
   */
  'wall:incidents': (payload: IncidentsChanged) => void;
  /** The open incidents of the display's scope, whole (on connect, and when its sites change). */
  'wall:open-incidents': (payload: WallOpenIncidents) => void;
  /** The spectrum plan of the display's base stations, whole (on connect, and when its sites change). */
  'wall:spectrum': (payload: WallSpectrum) => void;
  /** Base stations in scope whose spectrum state changed, and those that left the scope. */
  'wall:stations': (payload: WallStationsChanged) => void;
}

export interface WallClientToServerEvents {
  ping: (ack: (serverTime: string) => void) => void;
}

/**
 * Who may send each client event on /wall: a display's token, never a role. The gateway registers its
 * handlers from this table and refuses what it lacks, so a display can only ever read.
 */
export const WALL_CLIENT_EVENT_ACCESS: Record<keyof WallClientToServerEvents, readonly 'display'[]> = {
  ping: ['display'],
};
