// The radio fleet: generation from a seed, the shared telnet listener, the truth about every radio, RF
// links and fault injection. It emits 'emission' whenever a radio's transmit state changes (and once per
// radio at start) so the compliance judge sees exactly what the lab radiates.
import { EventEmitter } from 'node:events';
import type {
  FaultKind,
  FleetFaultBody,
  RadioEmission,
  RadioFault,
  RadioLink,
  RadioSetBody,
  RadioState,
  RadioSummary,
  SimRegion,
  SimRuleset,
  SimSite,
} from '@wsnoc/shared';
import { FAULT_KINDS, channelPlanFor, type ChannelPlan } from '@wsnoc/shared';
import type { DeviceContext } from '../device/cli-session.js';
import type { Radio, RadioHost } from '../device/radio.js';
import { LinkCache } from '../rf/link-cache.js';
import { TelnetServer } from '../telnet/telnet-server.js';
import { generateFleet } from './fleet-generator.js';
import { mixSeed, mulberry32, type Rng } from './prng.js';
import { radioState } from './radio-state.js';

export interface FleetOptions {
  radios?: number;
  seed?: number;
  region?: SimRegion;
  /** Defaults to the region's own: etsi for highlands, fcc for us-rural. */
  ruleset?: SimRuleset;
  firstAddress?: string;
  /** 2323 by default; 0 picks a free port (tests). */
  port?: number;
  /** Address the single listener binds; 0.0.0.0 so every 127.x address reaches it. */
  host?: string;
  username?: string;
  /** One password for the whole fleet instead of one per radio. */
  password?: string;
  /** How long the CLI `reboot` command keeps a radio down. */
  rebootMs?: number;
}

export interface FleetEvents {
  emission: [RadioEmission];
  'config-reverted': [{ radioId: string; at: string }];
}

export const DEFAULT_FIRST_ADDRESS = '127.20.0.1';
export const DEFAULT_TELNET_PORT = 2323;

export class Fleet extends EventEmitter<FleetEvents> implements RadioHost, DeviceContext {
  readonly plan: ChannelPlan;
  readonly rebootMs: number;
  readonly seed: number;
  readonly region: SimRegion;
  private readonly list: Radio[];
  private readonly byId = new Map<string, Radio>();
  private readonly byAddress = new Map<string, Radio>();
  /** Each site's radios, base station first, in generation order. */
  private readonly bySite = new Map<string, Radio[]>();
  private readonly stations: Radio[];
  private readonly linkCache: LinkCache;
  private readonly telnet: TelnetServer;
  private readonly lastEmission: (string | undefined)[];
  private boundPort: number;
  private started = false;
  private faultDraws = 0;

  private constructor(
    private readonly opts: Required<Omit<FleetOptions, 'password'>> & { password?: string },
  ) {
    super();
    this.seed = opts.seed;
    this.region = opts.region;
    this.plan = channelPlanFor(opts.ruleset);
    this.rebootMs = opts.rebootMs;
    this.boundPort = opts.port;
    this.list = generateFleet(this, {
      radios: opts.radios,
      seed: opts.seed,
      region: opts.region,
      plan: this.plan,
      firstAddress: opts.firstAddress,
      username: opts.username,
      password: opts.password,
      startMs: Date.now(),
    });
    for (const r of this.list) {
      this.byId.set(r.id, r);
      this.byAddress.set(r.host, r);
      const cell = this.bySite.get(r.site);
      if (cell) {
        cell.push(r);
      } else {
        this.bySite.set(r.site, [r]);
      }
    }
    this.stations = this.list.filter((r) => r.role === 'base-station');
    this.linkCache = new LinkCache(this.plan, this.stations);
    this.lastEmission = new Array<string | undefined>(this.list.length);
    this.telnet = new TelnetServer(this);
  }

  static create(options: FleetOptions = {}): Fleet {
    const region = options.region ?? 'highlands';
    return new Fleet({
      radios: options.radios ?? 200,
      seed: options.seed ?? 1,
      region,
      ruleset: options.ruleset ?? (region === 'highlands' ? 'etsi' : 'fcc'),
      firstAddress: options.firstAddress ?? DEFAULT_FIRST_ADDRESS,
      port: options.port ?? DEFAULT_TELNET_PORT,
      host: options.host ?? '0.0.0.0',
      username: options.username ?? 'admin',
      password: options.password,
      rebootMs: options.rebootMs ?? 5_000,
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get ruleset(): SimRuleset {
    return this.plan.ruleset;
  }

  async start(): Promise<void> {
    if (this.started) {
      return;
    }
    this.boundPort = await this.telnet.listen(this.opts.host, this.opts.port);
    this.started = true;
    for (const r of this.list) {
      this.emitIfChanged(r);
    }
  }

  /** Stops every timer and closes every socket; safe to call twice or before start. */
  async stop(): Promise<void> {
    this.started = false;
    for (const r of this.list) {
      r.stopTimers();
    }
    await this.telnet.close();
  }

  radios(): RadioSummary[] {
    return this.list.map((r) => ({
      id: r.id,
      role: r.role,
      host: r.host,
      port: this.boundPort,
      username: r.username,
      password: r.password,
      baseStationId: r.baseStation?.id ?? null,
      site: r.site,
      lat: r.lat,
      lon: r.lon,
    }));
  }

  radio(id: string): Radio | undefined {
    return this.byId.get(id);
  }

  radioAt(address: string): Radio | undefined {
    return this.byAddress.get(address);
  }

  connectionCount(): number {
    return this.telnet.connectionCount();
  }

  state(id: string): RadioState | undefined {
    const r = this.byId.get(id);
    return r ? radioState(r) : undefined;
  }

  /** Every site with its management VLANs and which of its radios the management network reaches. */
  sites(): SimSite[] {
    return [...this.bySite.keys()].flatMap((name) => this.site(name) ?? []);
  }

  site(name: string): SimSite | undefined {
    const radios = this.bySite.get(name);
    const first = radios?.[0];
    if (!radios || !first) {
      return undefined;
    }
    return {
      site: name,
      managementVlans: [...first.network.vlans],
      radios: radios.map((r) => ({
        id: r.id,
        managementVlan: r.running.managementVlan,
        managementReachable: r.managementReachable(),
      })),
    };
  }

  /**
   * Sets the VLANs a site's switch carries to the NOC, the switch side of a VLAN move: radios on a VLAN
   * no longer carried drop off (their sessions go), radios on one now carried come back.
   */
  setSiteVlans(name: string, vlans: readonly number[]): SimSite | undefined {
    const radios = this.bySite.get(name);
    const first = radios?.[0];
    if (!radios || !first) {
      return undefined;
    }
    first.network.vlans = [...new Set(vlans)].sort((a, b) => a - b);
    for (const r of radios) {
      r.enforceManagement();
    }
    return this.site(name);
  }

  links(): RadioLink[] {
    return this.linkCache.allLinks();
  }

  linksOf(baseStation: Radio): readonly RadioLink[] {
    return this.linkCache.linksOf(baseStation.stationIndex);
  }

  linkOf(cpe: Radio): RadioLink | undefined {
    const bs = cpe.baseStation;
    return bs ? this.linksOf(bs).find((l) => l.cpeId === cpe.id) : undefined;
  }

  /** Puts a fault on one radio, replacing any fault of the same kind. False if there is no such radio. */
  injectFault(id: string, fault: RadioFault): boolean {
    const r = this.byId.get(id);
    if (!r) {
      return false;
    }
    (r.faults ??= new Map()).set(fault.kind, { ...fault, rng: this.faultRng(r, fault.kind) });
    if (fault.kind === 'offline') {
      r.dropSessions();
    } else if (fault.kind === 'reboot') {
      r.reboot(fault.downMs);
    }
    return true;
  }

  clearFaults(id: string): boolean {
    const r = this.byId.get(id);
    if (!r) {
      return false;
    }
    r.faults = undefined;
    return true;
  }

  /** The same fault on a random share of the fleet (optionally one role); returns the radios hit. */
  injectFaultShare(body: FleetFaultBody): string[] {
    const { share, seed, role, ...fault } = body;
    const pool = this.list.filter((r) => !role || r.role === role);
    const rng = mulberry32(seed ?? mixSeed(this.seed, 0xfa17, ++this.faultDraws));
    const count = Math.round(share * pool.length);
    // partial Fisher-Yates: the first `count` slots end up a uniform random sample
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(rng() * (pool.length - i));
      const a = pool[i];
      const b = pool[j];
      if (a && b) {
        pool[i] = b;
        pool[j] = a;
      }
    }
    const hit = pool.slice(0, count);
    for (const r of hit) {
      this.injectFault(r.id, fault);
    }
    return hit.map((r) => r.id);
  }

  clearAllFaults(): number {
    let cleared = 0;
    for (const r of this.list) {
      if (r.faults) {
        cleared++;
        r.faults = undefined;
      }
    }
    return cleared;
  }

  /** Changes a radio directly, as someone at the mast would; validated like a commit. */
  setRadio(id: string, body: RadioSetBody): { error: string } | { state: RadioState } | undefined {
    const r = this.byId.get(id);
    if (!r) {
      return undefined;
    }
    if (body.channel !== undefined && r.role === 'cpe') {
      return { error: 'channel: a CPE follows its base station' };
    }
    const next = {
      ...r.running,
      ...(body.channel !== undefined ? { channel: body.channel } : {}),
      ...(body.txPowerDbm !== undefined ? { txPowerDbm: body.txPowerDbm } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.hostname !== undefined ? { hostname: body.hostname } : {}),
      ...(body.managementVlan !== undefined ? { managementVlan: body.managementVlan } : {}),
    };
    const invalid = r.applyDirect(next);
    if (invalid) {
      return { error: invalid.replace(/^% /, '') };
    }
    if (body.temperatureC !== undefined) {
      r.temperatureC = body.temperatureC;
    }
    return { state: radioState(r) };
  }

  // RadioHost

  now(): number {
    return Date.now();
  }

  radioChanged(radio: Radio): void {
    if (radio.role === 'base-station') {
      this.linkCache.invalidate(radio.stationIndex);
      this.emitIfChanged(radio);
      for (const cpe of radio.cpes) {
        this.emitIfChanged(cpe);
      }
    } else {
      if (radio.baseStation) {
        this.linkCache.invalidateOwn(radio.baseStation.stationIndex);
      }
      this.emitIfChanged(radio);
    }
  }

  /** The event carries the radio's own revert time, so it matches `lastRevertAt` in its state. */
  radioReverted(radio: Radio): void {
    const at = radio.lastRevertAtMs ?? this.now();
    this.emit('config-reverted', { radioId: radio.id, at: new Date(at).toISOString() });
  }

  faultRng(radio: Radio, kind: FaultKind): Rng {
    return mulberry32(mixSeed(this.seed, radio.index, FAULT_KINDS.indexOf(kind), ++this.faultDraws));
  }

  private emitIfChanged(radio: Radio): void {
    if (!this.started) {
      return;
    }
    const tx = radio.rfTx();
    const channel = tx.channel ?? radio.baseStation?.running.channel ?? 0;
    const key = `${tx.transmitting ? 1 : 0}|${channel}|${tx.eirpDbm}`;
    if (this.lastEmission[radio.index] === key) {
      return;
    }
    this.lastEmission[radio.index] = key;
    this.emit('emission', {
      radioId: radio.id,
      at: new Date(this.now()).toISOString(),
      lat: radio.lat,
      lon: radio.lon,
      transmitting: tx.transmitting,
      channel,
      eirpDbm: tx.eirpDbm,
    });
  }
}
