// The incident filters. States, severities and the site apply at once; a device is typed by name (the
// fleet's names are offered) and applied with Enter or Apply, then sent as its id.
import { useMemo, useState, type FormEvent } from 'react';
import {
  ALERT_SEVERITIES,
  INCIDENT_STATES,
  type AlertSeverity,
  type DeviceLive,
  type IncidentState,
} from '@wsnoc/shared';
import { Button } from '@/ui/button';
import { ACTIVE_STATES, hasFilters, type IncidentFilters } from './alerts-view-state';
import styles from './alerts.module.css';

/** Enough names to pick from while typing; the fleet may hold thousands. */
const DEVICE_SUGGESTIONS = 50;

export interface IncidentFilterBarProps {
  filters: IncidentFilters;
  devices: readonly DeviceLive[];
  onApply: (filters: IncidentFilters) => void;
}

const toggled = <T extends string>(values: readonly T[], value: T, on: boolean): T[] =>
  on ? [...values, value] : values.filter((v) => v !== value);

export function IncidentFilterBar({ filters, devices, onApply }: IncidentFilterBarProps) {
  const nameOf = (id: string | undefined): string =>
    id === undefined ? '' : (devices.find((d) => d.id === id)?.name ?? id);
  // Null until typed in: the applied device's name, once the feed has brought the fleet's names.
  const [draft, setDraft] = useState<string | null>(null);
  const device = draft ?? nameOf(filters.deviceId);
  const [problem, setProblem] = useState<string | null>(null);
  const sites = useMemo(
    () =>
      [...new Set(devices.map((d) => d.site).filter((s): s is string => !!s))].sort((a, b) =>
        a.localeCompare(b),
      ),
    [devices],
  );
  const suggestions = useMemo(() => {
    const typed = device.trim().toLowerCase();
    return devices
      .filter((d) => typed === '' || d.name.toLowerCase().includes(typed))
      .slice(0, DEVICE_SUGGESTIONS)
      .map((d) => d.name);
  }, [devices, device]);

  const applyDevice = (event: FormEvent): void => {
    event.preventDefault();
    const typed = device.trim();
    setDraft(null);
    if (typed === '') {
      setProblem(null);
      onApply({ ...filters, deviceId: undefined });
      return;
    }
    const found = devices.find((d) => d.name === typed);
    if (!found) {
      setDraft(typed);
      setProblem(`No device is named ${typed}.`);
      return;
    }
    setProblem(null);
    onApply({ ...filters, deviceId: found.id });
  };

  const setStates = (state: IncidentState, on: boolean): void => {
    const states = toggled(filters.states, state, on);
    onApply({ ...filters, states: states.length > 0 ? states : ACTIVE_STATES });
  };
  const setSeverities = (severity: AlertSeverity, on: boolean): void =>
    onApply({ ...filters, severities: toggled(filters.severities, severity, on) });

  return (
    <form
      className={styles.filterBar}
      onSubmit={applyDevice}
      aria-label="Incident filters"
      data-testid="incident-filters"
    >
      <fieldset className={styles.checks}>
        <legend>State</legend>
        {INCIDENT_STATES.map((state) => (
          <label key={state}>
            <input
              type="checkbox"
              data-testid={`incident-filter-state-${state}`}
              checked={filters.states.includes(state)}
              onChange={(event) => setStates(state, event.target.checked)}
            />
            {state}
          </label>
        ))}
      </fieldset>
      <fieldset className={styles.checks}>
        <legend>Severity</legend>
        {ALERT_SEVERITIES.map((severity) => (
          <label key={severity}>
            <input
              type="checkbox"
              data-testid={`incident-filter-severity-${severity}`}
              checked={filters.severities.includes(severity)}
              onChange={(event) => setSeverities(severity, event.target.checked)}
            />
            {severity}
          </label>
        ))}
      </fieldset>
      <label className={styles.filter}>
        Site
        <select
          data-testid="incident-filter-site"
          value={filters.site ?? ''}
          onChange={(event) => onApply({ ...filters, site: event.target.value || undefined })}
        >
          <option value="">any</option>
          {filters.site !== undefined && !sites.includes(filters.site) && (
            <option value={filters.site}>{filters.site}</option>
          )}
          {sites.map((site) => (
            <option key={site} value={site}>
              {site}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.filter}>
        Device
        <input
          data-testid="incident-filter-device"
          value={device}
          list="incident-device-suggestions"
          placeholder="name"
          onChange={(event) => setDraft(event.target.value)}
        />
        <datalist id="incident-device-suggestions">
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <div className={styles.filterButtons}>
        <Button type="submit" data-testid="incident-filter-apply">
          Apply
        </Button>
        {hasFilters(filters) && (
          <Button
            data-testid="incident-filter-clear"
            onClick={() => {
              setDraft(null);
              onApply({ states: ACTIVE_STATES, severities: [] });
            }}
          >
            Clear filters
          </Button>
        )}
      </div>
      {problem !== null && (
        <p role="alert" className={styles.problem} data-testid="incident-filter-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
