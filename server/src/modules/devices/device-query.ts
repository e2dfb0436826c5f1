// Filtering, sorting and paging of the live rows for GET /api/devices. Pure, so it is tested alone.
import type { DeviceListQuery, DeviceListResponse, DeviceLive } from '@wsnoc/shared';

export function queryDevices(rows: readonly DeviceLive[], query: DeviceListQuery): DeviceListResponse {
  const text = query.q?.toLowerCase();
  const statuses = query.status?.length ? new Set(query.status) : undefined;
  const matches = rows.filter(
    (row) =>
      (!statuses || statuses.has(row.status)) &&
      (!query.role || row.role === query.role) &&
      (!query.site || row.site === query.site) &&
      (!query.tag || row.tags.includes(query.tag)) &&
      (query.channel === undefined || row.channel === query.channel) &&
      (!text || row.name.toLowerCase().includes(text) || (row.site?.toLowerCase().includes(text) ?? false)),
  );
  const direction = query.order === 'desc' ? -1 : 1;
  const key = query.sort;
  matches.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    // Unknown values sort last whatever the direction: operators want the measured rows first.
    if (x === null || x === undefined) {
      return y === null || y === undefined ? a.name.localeCompare(b.name) : 1;
    }
    if (y === null || y === undefined) {
      return -1;
    }
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order * direction || a.name.localeCompare(b.name);
  });
  return {
    total: matches.length,
    offset: query.offset,
    limit: query.limit,
    items: matches.slice(query.offset, query.offset + query.limit),
  };
}
