// The driver's public shapes: who to talk to, what may be set, and the knobs for timeouts and throttling.
import type { DeviceRole } from '@wsnoc/shared';

export interface DeviceTarget {
  /** Inventory id; names the device in errors and keys its pooled session. */
  id: string;
  host: string;
  port: number;
  username: string;
  password: string;
  role: DeviceRole;
}

/** Every item the console may set on a radio. Lines are built from these, never from raw strings. */
export type ConfigSet =
  | { kind: 'channel'; channel: number }
  | { kind: 'tx-power'; dbm: number }
  | { kind: 'enabled'; enabled: boolean }
  | { kind: 'hostname'; hostname: string }
  | { kind: 'management-vlan'; vlan: number }
  | { kind: 'snmp-community'; community: string }
  | { kind: 'ntp-server'; server: string };

export interface ApplyConfigOptions {
  /** Commit with `commit confirmed N`: the radio rolls back unless confirmCommit follows within N minutes. */
  confirmedMinutes?: number;
  /**
   * Runs before every line sent in configuration mode; a throw stops the change before that line (the
   * candidate is discarded). The command path checks its lock's fencing token here.
   */
  guard?: () => Promise<void>;
}

export interface ApplyConfigResult {
  /** The configuration lines sent, in order (configure, set..., commit, exit). */
  sent: string[];
  /** Every line the radio printed in answer, in order. */
  output: string[];
}

export interface DriverOptions {
  /** TCP connect deadline. Default 5,000 ms. */
  connectTimeoutMs?: number;
  /** Deadline from connected to shell prompt. Default 10,000 ms. */
  loginTimeoutMs?: number;
  /** Deadline per command, from send to prompt. Default 5,000 ms. */
  commandTimeoutMs?: number;
  /** Simultaneous connects+logins across the whole driver (reconnect storm throttle). Default 64. */
  maxConcurrentLogins?: number;
  /** First backoff after a failed session open; doubles per failure. Default 1,000 ms. */
  backoffBaseMs?: number;
  /** Backoff ceiling. Default 60,000 ms. */
  backoffMaxMs?: number;
  /** A session idle this long gets a keepalive (an empty line, answered by a prompt). Default 60,000 ms; 0 disables. */
  keepaliveIdleMs?: number;
  /** Operations queued on one device beyond which new ones are refused. Default 32. */
  maxQueuePerDevice?: number;
  /**
   * A poll's three `show` commands go out in one write and the radio answers them in turn (typeahead),
   * rather than one command per round trip. Default true; false for a radio whose CLI drops input typed
   * while it is busy.
   */
  pipelinePolls?: boolean;
}

export type ResolvedDriverOptions = Required<DriverOptions>;

export const DRIVER_DEFAULTS: ResolvedDriverOptions = {
  connectTimeoutMs: 5_000,
  loginTimeoutMs: 10_000,
  commandTimeoutMs: 5_000,
  maxConcurrentLogins: 64,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  keepaliveIdleMs: 60_000,
  maxQueuePerDevice: 32,
  pipelinePolls: true,
};

export interface PoolStats {
  /** Sessions open and logged in right now. */
  sessions: number;
  /** Connects+logins in flight. */
  opening: number;
  connectAttempts: number;
  logins: number;
  /** Commands written to radios (keepalives included). */
  commands: number;
  keepalives: number;
  /** Sessions destroyed after a timeout, a drop or a failed keepalive. */
  sessionsDropped: number;
  /** Calls refused at once because the device was backing off. */
  backoffRefusals: number;
}
