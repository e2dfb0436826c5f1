// Words for the Configuration page: counts, configuration values and the states of runs and devices.
import type { BulkItemStatus, BulkRunStatus, ConfigField } from '@wsnoc/shared';

export const plural = (count: number, word: string, many = `${word}s`): string =>
  `${count} ${count === 1 ? word : many}`;

export const FIELD_LABELS: Record<ConfigField, string> = {
  hostname: 'Hostname',
  channel: 'Channel',
  txPowerDbm: 'Tx power (dBm)',
  enabled: 'Radio enabled',
  managementVlan: 'Management VLAN',
  snmpCommunity: 'SNMP community',
  ntpServer: 'NTP server',
};

export const showValue = (value: string | number | boolean | null | undefined): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);

export const RUN_STATUS_LABELS: Record<BulkRunStatus, string> = {
  scheduled: 'Scheduled',
  running: 'Running',
  paused: 'Paused',
  cancelled: 'Cancelled',
  completed: 'Completed',
};

export const ITEM_STATUS_LABELS: Record<BulkItemStatus, string> = {
  pending: 'waiting',
  queued: 'queued',
  applying: 'applying',
  succeeded: 'changed',
  unchanged: 'already set',
  failed: 'failed',
  reverted: 'reverted',
  cancelled: 'not started',
};

/** The glyph beside a state, so it never rests on colour alone. */
export const ITEM_STATUS_GLYPH: Record<BulkItemStatus, string> = {
  pending: '○',
  queued: '◔',
  applying: '◑',
  succeeded: '●',
  unchanged: '●',
  failed: '✕',
  reverted: '↺',
  cancelled: '–',
};

/** Batch 0 is the canary when the run has one; the batches after it count from 1 either way. */
export const batchLabel = (batch: number, canary: boolean): string =>
  canary && batch === 0 ? 'Canary' : `Batch ${canary ? batch : batch + 1}`;
