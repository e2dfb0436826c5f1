// Filters for the device table: status toggles, pickers for role, site, tag and channel, and free text.
// Every control writes the URL through the view updater, so the view is shareable as soon as it is set.
import {
  DEVICE_QUERY_TEXT_MAX,
  DEVICE_STATUSES,
  type DeviceFilter,
  type DeviceLive,
  type DeviceRole,
  type DeviceStatus,
} from '@wsnoc/shared';
import { useMemo } from 'react';
import { Button } from '@/ui/button';
import { STATUS_GLYPH } from '@/ui/status-badge';
import { filterOptions } from './device-filter-options';
import { EMPTY_FILTERS, hasActiveFilters } from './device-view-state';
import styles from './device-table.module.css';

export interface DeviceFilterBarProps {
  filters: DeviceFilter;
  devices: readonly DeviceLive[];
  onChange: (filters: DeviceFilter) => void;
  /** The table's "drifted only" toggle, with how many drifted (null while unknown); the map has none. */
  drift?: { only: boolean; count: number | null; onChange: (only: boolean) => void };
  /** Clears everything this bar shows; without it, the filters only. */
  onClear?: () => void;
}

export function DeviceFilterBar({ filters, devices, onChange, drift, onClear }: DeviceFilterBarProps) {
  // One pass over the fleet per frame; cheap next to the table's own filter and sort.
  const stableOptions = useMemo(() => filterOptions(devices), [devices]);
  const set = (patch: DeviceFilter): void => onChange({ ...filters, ...patch });
  const statuses = filters.status ?? [];
  const toggleStatus = (status: DeviceStatus): void => {
    const next = statuses.includes(status)
      ? statuses.filter((s) => s !== status)
      : DEVICE_STATUSES.filter((s) => s === status || statuses.includes(s));
    set({ status: next.length > 0 ? next : undefined });
  };

  return (
    <div className={styles.filterBar} role="search" aria-label="Filter devices">
      <input
        type="search"
        className={styles.search}
        placeholder="Search…"
        aria-label="Search devices"
        data-testid="filter-q"
        maxLength={DEVICE_QUERY_TEXT_MAX}
        value={filters.q ?? ''}
        onChange={(event) => set({ q: event.target.value || undefined })}
      />
      <fieldset className={styles.statusToggles}>
        <legend className="visually-hidden">Status</legend>
        {DEVICE_STATUSES.map((status) => (
          <label key={status} className={styles.statusToggle} data-status={status}>
            <input
              type="checkbox"
              data-testid={`filter-status-${status}`}
              checked={statuses.includes(status)}
              onChange={() => toggleStatus(status)}
            />
            <span aria-hidden="true">{STATUS_GLYPH[status]}</span> {status}
          </label>
        ))}
      </fieldset>
      <select
        aria-label="Role"
        data-testid="filter-role"
        value={filters.role ?? ''}
        onChange={(event) =>
          set({ role: event.target.value === '' ? undefined : (event.target.value as DeviceRole) })
        }
      >
        <option value="">any role</option>
        <option value="base-station">base stations</option>
        <option value="cpe">CPEs</option>
      </select>
      <select
        aria-label="Site"
        data-testid="filter-site"
        value={filters.site ?? ''}
        onChange={(event) => set({ site: event.target.value || undefined })}
      >
        <option value="">any site</option>
        {withCurrent(stableOptions.sites, filters.site).map((site) => (
          <option key={site} value={site}>
            {site}
          </option>
        ))}
      </select>
      <select
        aria-label="Tag"
        data-testid="filter-tag"
        value={filters.tag ?? ''}
        onChange={(event) => set({ tag: event.target.value || undefined })}
      >
        <option value="">any tag</option>
        {withCurrent(stableOptions.tags, filters.tag).map((tag) => (
          <option key={tag} value={tag}>
            {tag}
          </option>
        ))}
      </select>
      <select
        aria-label="Channel"
        data-testid="filter-channel"
        value={filters.channel ?? ''}
        onChange={(event) =>
          set({ channel: event.target.value === '' ? undefined : Number(event.target.value) })
        }
      >
        <option value="">any channel</option>
        {withCurrent(stableOptions.channels, filters.channel).map((channel) => (
          <option key={channel} value={channel}>
            ch {channel}
          </option>
        ))}
      </select>
      {drift && (
        <label className={styles.statusToggle} title="Running configuration differs from the desired one">
          <input
            type="checkbox"
            data-testid="filter-drifted"
            checked={drift.only}
            onChange={(event) => drift.onChange(event.target.checked)}
          />{' '}
          <span aria-hidden="true">≠</span> drifted{drift.count === null ? '' : ` (${drift.count})`}
        </label>
      )}
      {filters.parent && (
        <button
          type="button"
          className={styles.chip}
          onClick={() => set({ parent: undefined })}
          data-testid="filter-parent"
        >
          behind one base station ✕
        </button>
      )}
      <Button
        data-testid="filter-clear"
        disabled={!hasActiveFilters(filters) && !drift?.only}
        onClick={() => (onClear ? onClear() : onChange(EMPTY_FILTERS))}
      >
        Clear filters
      </Button>
    </div>
  );
}

/** A value from a shared link stays selectable even before (or after) the fleet has it. */
function withCurrent<T extends string | number>(values: T[], current: T | undefined): T[] {
  return current === undefined || values.includes(current) ? values : [current, ...values];
}
