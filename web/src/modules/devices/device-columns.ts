// What the device table can show, as plain data: the label, width and how to print it. The table
// component, the column chooser and the URL state all read this one list. Every column sorts, by the
// shared sort keys (DEVICE_SORT_KEYS in shared/), so a column is a sort field of the API as well.
import type { DeviceLive, DeviceSortField } from '@wsnoc/shared';

export type ColumnId = DeviceSortField;

/** Display order. */
export const COLUMN_IDS: readonly ColumnId[] = [
  'name',
  'status',
  'role',
  'site',
  'channel',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'txPowerDbm',
  'clients',
  'temperatureC',
  'uptimeSec',
  'tags',
  'since',
  'lastPollAt',
  'lastError',
];

export const DEFAULT_COLUMNS: readonly ColumnId[] = [
  'name',
  'status',
  'role',
  'site',
  'channel',
  'snrDb',
  'rssiDbm',
  'throughputMbps',
  'clients',
  'since',
  'lastPollAt',
];

export interface ColumnSpec {
  id: ColumnId;
  label: string;
  /** Width in rem; the grid template is built from these. */
  width: number;
  numeric: boolean;
  format: (device: DeviceLive) => string;
}

const fixed = (value: number | null, digits = 0, unit = ''): string =>
  value === null ? '—' : `${value.toFixed(digits)}${unit}`;

const time = (iso: string | null): string => (iso === null ? '—' : iso.slice(11, 19));

function uptime(seconds: number | null): string {
  if (seconds === null) {
    return '—';
  }
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  return days > 0 ? `${days} d ${hours} h` : `${hours} h ${Math.floor((seconds % 3_600) / 60)} min`;
}

export const COLUMN_SPECS: Record<ColumnId, ColumnSpec> = {
  name: {
    id: 'name',
    label: 'Name',
    width: 11,
    numeric: false,
    format: (d) => d.name,
  },
  status: {
    id: 'status',
    label: 'Status',
    width: 9.5,
    numeric: false,
    format: (d) => d.status,
  },
  role: {
    id: 'role',
    label: 'Role',
    width: 7,
    numeric: false,
    format: (d) => (d.role === 'base-station' ? 'base' : 'cpe'),
  },
  site: {
    id: 'site',
    label: 'Site',
    width: 8,
    numeric: false,
    format: (d) => d.site ?? '—',
  },
  channel: {
    id: 'channel',
    label: 'Ch',
    width: 4,
    numeric: true,
    format: (d) => fixed(d.channel),
  },
  snrDb: {
    id: 'snrDb',
    label: 'SNR dB',
    width: 5.5,
    numeric: true,
    format: (d) => fixed(d.snrDb, 1),
  },
  rssiDbm: {
    id: 'rssiDbm',
    label: 'RSSI dBm',
    width: 6,
    numeric: true,
    format: (d) => fixed(d.rssiDbm, 1),
  },
  throughputMbps: {
    id: 'throughputMbps',
    label: 'Mbit/s',
    width: 5.5,
    numeric: true,
    format: (d) => fixed(d.throughputMbps, 1),
  },
  txPowerDbm: {
    id: 'txPowerDbm',
    label: 'Tx dBm',
    width: 5.5,
    numeric: true,
    format: (d) => fixed(d.txPowerDbm, 1),
  },
  clients: {
    id: 'clients',
    label: 'Clients',
    width: 5.5,
    numeric: true,
    format: (d) => (d.clientsTotal === null ? '—' : `${d.clientsUp ?? 0}/${d.clientsTotal}`),
  },
  temperatureC: {
    id: 'temperatureC',
    label: 'Temp °C',
    width: 5.5,
    numeric: true,
    format: (d) => fixed(d.temperatureC, 0),
  },
  uptimeSec: {
    id: 'uptimeSec',
    label: 'Uptime',
    width: 7,
    numeric: true,
    format: (d) => uptime(d.uptimeSec),
  },
  tags: {
    id: 'tags',
    label: 'Tags',
    width: 9,
    numeric: false,
    format: (d) => d.tags.join(', '),
  },
  since: {
    id: 'since',
    label: 'Since (UTC)',
    width: 7,
    numeric: false,
    format: (d) => time(d.since),
  },
  lastPollAt: {
    id: 'lastPollAt',
    label: 'Polled (UTC)',
    width: 7,
    numeric: false,
    format: (d) => time(d.lastPollAt),
  },
  lastError: {
    id: 'lastError',
    label: 'Last error',
    width: 14,
    numeric: false,
    format: (d) => d.lastError ?? '',
  },
};

export function isColumnId(value: string): value is ColumnId {
  return (COLUMN_IDS as readonly string[]).includes(value);
}
