import { z } from 'zod';
import { RadioConfigSchema } from '../devices/config.schema.js';

/**
 * The field lab's radio fleet as seen through its control API: the radio list a console seeds itself
 * from, the truth about each radio, the RF links, and the bodies that inject faults or change a radio
 * directly. Everything here is the simulator's own truth, never what a console reports.
 */

export const RADIO_ROLES = ['base-station', 'cpe'] as const;
export const RadioRoleSchema = z.enum(RADIO_ROLES);
export type RadioRole = z.infer<typeof RadioRoleSchema>;

/** One row of `GET /radios`: how to reach and log in to a radio, and where it stands. */
export const RadioSummarySchema = z.object({
  id: z.string(),
  role: RadioRoleSchema,
  host: z.string(),
  port: z.number().int(),
  username: z.string(),
  password: z.string(),
  baseStationId: z.string().nullable(),
  /**
   * The cell's site, named after the settlement its hamlet is near ("Portree", then "Portree 2", ...).
   * A CPE has its base station's site.
   */
  site: z.string(),
  lat: z.number(),
  lon: z.number(),
});
export type RadioSummary = z.infer<typeof RadioSummarySchema>;

export const FAULT_KINDS = [
  'offline',
  'blackhole',
  'slow',
  'flaky',
  'wrong-credentials',
  'reboot',
  'commit-failure',
  'gps-drift',
] as const;
export const FaultKindSchema = z.enum(FAULT_KINDS);
export type FaultKind = z.infer<typeof FaultKindSchema>;

/** A fault on one radio. Parameters have defaults so `{ "kind": "slow" }` is enough. */
export const RadioFaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('offline') }),
  z.object({ kind: z.literal('blackhole') }),
  z.object({ kind: z.literal('slow'), latencyMs: z.number().int().min(1).max(600_000).default(500) }),
  z.object({ kind: z.literal('flaky'), dropShare: z.number().min(0).max(1).default(0.5) }),
  z.object({ kind: z.literal('wrong-credentials') }),
  z.object({ kind: z.literal('reboot'), downMs: z.number().int().min(0).max(3_600_000).default(5_000) }),
  z.object({
    kind: z.literal('commit-failure'),
    message: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x20-\x7e]+$/, 'printable ASCII only')
      .default('configuration database locked by another process'),
  }),
  z.object({ kind: z.literal('gps-drift'), metres: z.number().min(0).max(100_000).default(500) }),
]);
export type RadioFault = z.infer<typeof RadioFaultSchema>;

/** `POST /faults`: the same fault on a random share of the fleet, reproducible with a seed. */
export const FleetFaultBodySchema = RadioFaultSchema.and(
  z.object({
    share: z.number().min(0).max(1),
    seed: z.number().int().optional(),
    role: RadioRoleSchema.optional(),
  }),
);
export type FleetFaultBody = z.infer<typeof FleetFaultBodySchema>;

/** `POST /radios/:id/set`: change a radio as if someone stood at the mast, bypassing the CLI lock. */
export const RadioSetBodySchema = z
  .object({
    channel: z.number().int(),
    txPowerDbm: z.number(),
    enabled: z.boolean(),
    hostname: z.string(),
    /** Puts a radio back on its site's management VLAN (or off it); 1-4094 like the CLI. */
    managementVlan: RadioConfigSchema.shape.managementVlan,
    temperatureC: z.number().min(-60).max(150),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' });
export type RadioSetBody = z.infer<typeof RadioSetBodySchema>;

/** `GET /radios/:id/state`: the truth about one radio. */
export const RadioStateSchema = z.object({
  id: z.string(),
  role: RadioRoleSchema,
  baseStationId: z.string().nullable(),
  host: z.string(),
  config: RadioConfigSchema,
  /** The configuration a confirmed commit would revert to, while one is pending. */
  pendingConfirm: z.object({ deadline: z.string().datetime(), revertTo: RadioConfigSchema }).nullable(),
  lastRevertAt: z.string().datetime().nullable(),
  /**
   * `commit` and `commit confirmed` the radio accepted since the lab started: all of them, and those
   * that changed the running configuration (a confirm, or a commit of what already runs, changes none).
   */
  commits: z.object({ accepted: z.number().int(), changed: z.number().int() }),
  channel: z.number().int().nullable(),
  transmitting: z.boolean(),
  eirpDbm: z.number(),
  up: z.boolean(),
  bootedAt: z.string().datetime(),
  uptimeSec: z.number().int(),
  temperatureC: z.number(),
  lat: z.number(),
  lon: z.number(),
  configLocked: z.boolean(),
  sessions: z.number().int(),
  faults: z.array(RadioFaultSchema),
  /**
   * The management VLANs the radio's site carries to the NOC, ascending: at first only the VLAN its
   * radios ship with; more while a VLAN move is under way (`PUT /sites/:site/vlans`).
   */
  siteVlans: z.array(z.number().int()),
  /**
   * False while the running `managementVlan` is none of `siteVlans`: the radio is off the management
   * network (sessions dropped, new connections reset) but still transmits. Reboots (`up`) and the
   * `offline` fault are reported on their own, not here.
   */
  managementReachable: z.boolean(),
});
export type RadioState = z.infer<typeof RadioStateSchema>;

/** One radio of a site, as `GET /sites` and `PUT /sites/:site/vlans` report it. */
export const SimSiteRadioSchema = z.object({
  id: z.string(),
  managementVlan: z.number().int(),
  managementReachable: z.boolean(),
});
export type SimSiteRadio = z.infer<typeof SimSiteRadioSchema>;

/** A site (a cell: a base station and its CPEs) and the management VLANs its network carries. */
export const SimSiteSchema = z.object({
  site: z.string(),
  managementVlans: z.array(z.number().int()),
  radios: z.array(SimSiteRadioSchema),
});
export type SimSite = z.infer<typeof SimSiteSchema>;

/**
 * `PUT /sites/:site/vlans`: the switch side of a VLAN move, the VLANs the site carries to the NOC from
 * now on (say the old and the new one while radios move, then only the new one).
 */
export const SiteVlansBodySchema = z.object({
  managementVlans: z
    .array(RadioConfigSchema.shape.managementVlan)
    .min(1, 'a site carries at least one management VLAN')
    .max(16, 'a site carries at most 16 management VLANs')
    .refine((v) => new Set(v).size === v.length, 'each VLAN once'),
});
export type SiteVlansBody = z.infer<typeof SiteVlansBodySchema>;

/** `GET /links`: one downlink per CPE, from its base station. */
export const RadioLinkSchema = z.object({
  cpeId: z.string(),
  baseStationId: z.string(),
  up: z.boolean(),
  channel: z.number().int().nullable(),
  rssiDbm: z.number().nullable(),
  snrDb: z.number().nullable(),
  noiseFloorDbm: z.number(),
  interferenceDbm: z.number().nullable(),
  throughputMbps: z.number(),
  distanceKm: z.number(),
  modulation: z.string().nullable(),
});
export type RadioLink = z.infer<typeof RadioLinkSchema>;
