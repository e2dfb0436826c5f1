// One simulated radio: identity, running configuration, commit history, faults and the configuration
// lock. State is plain fields and lazy checks; a radio holds a timer only while a confirmed commit is
// pending or while it reboots, so an idle fleet of 10,000 costs no CPU.
import type { ChannelPlan, FaultKind, RadioConfig, RadioFault, RadioRole } from '@wsnoc/shared';
import type { RfStation, RfTerminal, RfTx } from '../rf/link-cache.js';
import type { Rng } from '../fleet/prng.js';
import { sameConfig, validateConfig } from './radio-config.js';

/** What a radio needs from the fleet around it. */
export interface RadioHost {
  readonly plan: ChannelPlan;
  readonly rebootMs: number;
  now(): number;
  /** Running config or up/down state changed: re-check emissions and RF. */
  radioChanged(radio: Radio): void;
  /** A confirmed commit timed out and the previous configuration is back. */
  radioReverted(radio: Radio): void;
  /** A random stream for a fault on this radio, reproducible from the fleet seed. */
  faultRng(radio: Radio, kind: FaultKind): Rng;
}

/**
 * A site's management network: the VLANs its switch carries to the NOC, ascending. A base station and its
 * CPEs share one object, so changing the site's VLANs changes them for the whole cell.
 */
export interface ManagementNetwork {
  readonly site: string;
  vlans: readonly number[];
}

/** A live console session on a radio, from the radio's point of view. */
export interface RadioSessionHandle {
  drop(): void;
}

export interface RadioIdentity {
  index: number;
  stationIndex: number;
  id: string;
  role: RadioRole;
  host: string;
  /** The cell's site; a CPE shares its base station's. */
  site: string;
  /** The site's management network, the same object for every radio of the cell. */
  network: ManagementNetwork;
  username: string;
  password: string;
  mac: string;
  serial: string;
  model: string;
  lat: number;
  lon: number;
  groundM: number;
  emissionClass: number;
  noiseExtraDb: number;
  bootedAtMs: number;
  temperatureC: number;
  config: RadioConfig;
}

export type ActiveFault = RadioFault & { rng: Rng };

interface PendingConfirm {
  deadlineMs: number;
  revertTo: RadioConfig;
  timer: NodeJS.Timeout;
}

export const FIRMWARE_VERSION = '3.4.2';

export class Radio implements RfStation, RfTerminal {
  readonly index: number;
  readonly stationIndex: number;
  readonly id: string;
  readonly role: RadioRole;
  readonly host: string;
  readonly site: string;
  readonly network: ManagementNetwork;
  readonly username: string;
  readonly password: string;
  readonly mac: string;
  readonly serial: string;
  readonly model: string;
  readonly lat: number;
  readonly lon: number;
  readonly groundM: number;
  readonly emissionClass: number;
  readonly noiseExtraDb: number;
  readonly cpes: Radio[] = [];
  baseStation: Radio | null = null;
  running: RadioConfig;
  previous: RadioConfig | null = null;
  bootedAtMs: number;
  temperatureC: number;
  lastRevertAtMs: number | null = null;
  /**
   * Commits the radio accepted since it was created (a reboot keeps them): every one, and those that
   * changed the running configuration. A console that applies a change twice shows two changes.
   */
  readonly commits = { accepted: 0, changed: 0 };
  pendingConfirm: PendingConfirm | null = null;
  /** Who holds configuration mode; any object identity will do. */
  lockHolder: object | null = null;
  faults: Map<FaultKind, ActiveFault> | undefined;
  sessions: Set<RadioSessionHandle> | undefined;
  private rebooting = false;
  private rebootTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fleet: RadioHost,
    identity: RadioIdentity,
  ) {
    this.index = identity.index;
    this.stationIndex = identity.stationIndex;
    this.id = identity.id;
    this.role = identity.role;
    this.host = identity.host;
    this.site = identity.site;
    this.network = identity.network;
    this.username = identity.username;
    this.password = identity.password;
    this.mac = identity.mac;
    this.serial = identity.serial;
    this.model = identity.model;
    this.lat = identity.lat;
    this.lon = identity.lon;
    this.groundM = identity.groundM;
    this.emissionClass = identity.emissionClass;
    this.noiseExtraDb = identity.noiseExtraDb;
    this.bootedAtMs = identity.bootedAtMs;
    this.temperatureC = identity.temperatureC;
    this.running = identity.config;
  }

  get plan(): ChannelPlan {
    return this.fleet.plan;
  }

  now(): number {
    return this.fleet.now();
  }

  /** False while rebooting: the management plane refuses connections and the radio is silent. */
  isUp(): boolean {
    return !this.rebooting;
  }

  /**
   * False while the running management VLAN is none of the site's: the radio's management interface sits
   * on a VLAN the site's switch does not carry, so the NOC cannot reach it. Radio traffic is unaffected.
   */
  managementReachable(): boolean {
    return this.network.vlans.includes(this.running.managementVlan);
  }

  /**
   * Enforces "off the management network, no sessions" after anything that may have moved the radio off
   * its site's VLAN. `keep` is the session whose own command caused it: it still gets its answer and
   * hangs up by itself right after (CliSession), as a real radio answers a commit before its link goes.
   */
  enforceManagement(keep?: RadioSessionHandle): void {
    if (!this.managementReachable()) {
      this.dropSessions(keep);
    }
  }

  hasFault(kind: FaultKind): boolean {
    return this.faults?.has(kind) ?? false;
  }

  fault<K extends FaultKind>(kind: K): Extract<ActiveFault, { kind: K }> | undefined {
    return this.faults?.get(kind) as Extract<ActiveFault, { kind: K }> | undefined;
  }

  rfTx(): RfTx {
    if (this.role === 'base-station') {
      return {
        transmitting: this.isUp() && this.running.enabled,
        channel: this.running.channel,
        eirpDbm: this.running.txPowerDbm,
      };
    }
    const bs = this.baseStation?.rfTx();
    const transmitting = this.rfActive() && (bs?.transmitting ?? false);
    return { transmitting, channel: bs?.channel ?? null, eirpDbm: this.running.txPowerDbm };
  }

  rfActive(): boolean {
    return this.isUp() && this.running.enabled;
  }

  /**
   * Validates and applies a candidate. With `confirmMs` the change reverts on its own unless a plain
   * commit follows in time; a repeated confirmed commit extends the deadline but keeps the revert target.
   */
  commit(
    candidate: RadioConfig,
    confirmMs?: number,
    from?: RadioSessionHandle,
  ): { ok: true } | { ok: false; error: string } {
    const failure = this.fault('commit-failure');
    if (failure) {
      return { ok: false, error: `% Commit failed: ${failure.message}` };
    }
    const invalid = validateConfig(candidate, { role: this.role, plan: this.plan });
    if (invalid) {
      return { ok: false, error: invalid };
    }
    const before = this.running;
    this.commits.accepted++;
    if (!sameConfig(before, candidate)) {
      this.commits.changed++;
    }
    if (confirmMs === undefined) {
      this.clearPendingConfirm();
    } else {
      const revertTo = this.pendingConfirm?.revertTo ?? before;
      this.clearPendingConfirm();
      this.pendingConfirm = {
        deadlineMs: this.now() + confirmMs,
        revertTo,
        timer: setTimeout(() => this.revertPendingConfirm(), confirmMs),
      };
    }
    if (!sameConfig(before, candidate)) {
      this.previous = before;
      this.running = candidate;
      this.fleet.radioChanged(this);
      this.enforceManagement(from);
    }
    return { ok: true };
  }

  /** A direct change from the control API or the lab itself; same validation as commit, no lock. */
  applyDirect(next: RadioConfig): string | null {
    const invalid = validateConfig(next, { role: this.role, plan: this.plan });
    if (invalid) {
      return invalid;
    }
    if (!sameConfig(this.running, next)) {
      this.previous = this.running;
      this.running = next;
      this.fleet.radioChanged(this);
      this.enforceManagement();
    }
    return null;
  }

  revertPendingConfirm(): void {
    const pending = this.pendingConfirm;
    if (!pending) {
      return;
    }
    this.clearPendingConfirm();
    this.previous = this.running;
    this.running = pending.revertTo;
    this.lastRevertAtMs = this.now();
    this.fleet.radioChanged(this);
    this.fleet.radioReverted(this);
    // normally a revert brings the radio back; it cuts only if the site's VLAN moved in the meantime
    this.enforceManagement();
  }

  /** Drops every session and refuses connections for `downMs`; uptime restarts when it comes back. */
  reboot(downMs: number): void {
    // an unconfirmed commit was never saved, so the radio boots with the configuration before it
    if (this.pendingConfirm) {
      const revertTo = this.pendingConfirm.revertTo;
      this.clearPendingConfirm();
      this.previous = this.running;
      this.running = revertTo;
      this.lastRevertAtMs = this.now();
      this.fleet.radioReverted(this);
    }
    this.dropSessions();
    this.rebooting = true;
    clearTimeout(this.rebootTimer);
    this.fleet.radioChanged(this);
    // one timer is the single source of truth for "back up", so state and fault list change together
    this.rebootTimer = setTimeout(() => {
      this.rebootTimer = undefined;
      this.rebooting = false;
      this.bootedAtMs = this.now();
      this.faults?.delete('reboot');
      this.fleet.radioChanged(this);
    }, downMs);
  }

  /** Drops every session but `keep`; the lock goes with its holder. */
  dropSessions(keep?: RadioSessionHandle): void {
    if (this.sessions) {
      for (const s of [...this.sessions]) {
        if (s !== keep) {
          s.drop();
        }
      }
    }
    if (this.lockHolder !== keep) {
      this.lockHolder = null;
    }
  }

  addSession(s: RadioSessionHandle): void {
    (this.sessions ??= new Set()).add(s);
  }

  removeSession(s: RadioSessionHandle): void {
    this.sessions?.delete(s);
    if (this.sessions?.size === 0) {
      this.sessions = undefined;
    }
  }

  /** Stops every timer this radio holds; the fleet calls it on stop so the process can exit. */
  stopTimers(): void {
    this.clearPendingConfirm();
    clearTimeout(this.rebootTimer);
    this.rebootTimer = undefined;
    this.rebooting = false;
  }

  private clearPendingConfirm(): void {
    if (this.pendingConfirm) {
      clearTimeout(this.pendingConfirm.timer);
      this.pendingConfirm = null;
    }
  }
}
