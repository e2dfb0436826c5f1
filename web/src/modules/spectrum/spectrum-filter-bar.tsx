// Filters for the channel plan (map and table alike): phase toggles, a site picker and "alarms only".
// Every control writes the URL, so a filtered plan can be shared as soon as it is set.
import { STATION_PHASES, type SpectrumStation, type StationPhase } from '@wsnoc/shared';
import { useMemo } from 'react';
import { Button } from '@/ui/button';
import { PHASE_GLYPH, PHASE_LABEL } from './phase-badge';
import { hasStationFilter } from './spectrum-view-state';
import type { StationFilter } from './station-rows';
import styles from './spectrum-page.module.css';

export interface SpectrumFilterBarProps {
  filter: StationFilter;
  stations: readonly SpectrumStation[];
  onChange: (filter: StationFilter) => void;
}

export function SpectrumFilterBar({ filter, stations, onChange }: SpectrumFilterBarProps) {
  const sites = useMemo(() => {
    const names = new Set(stations.flatMap((station) => (station.site ? [station.site] : [])));
    if (filter.site) {
      names.add(filter.site); // a site from a shared link stays selectable before the list has it
    }
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [stations, filter.site]);
  const phases = filter.phase ?? [];
  const togglePhase = (phase: StationPhase): void => {
    const next = phases.includes(phase)
      ? phases.filter((p) => p !== phase)
      : STATION_PHASES.filter((p) => p === phase || phases.includes(p));
    onChange({ ...filter, phase: next.length > 0 ? next : undefined });
  };

  return (
    <div className={styles.filterBar} role="search" aria-label="Filter base stations">
      <fieldset className={styles.toggles}>
        <legend className="visually-hidden">Phase</legend>
        {STATION_PHASES.map((phase) => (
          <label key={phase} className={styles.toggle} data-phase={phase}>
            <input
              type="checkbox"
              data-testid={`spectrum-filter-phase-${phase}`}
              checked={phases.includes(phase)}
              onChange={() => togglePhase(phase)}
            />
            <span aria-hidden="true">{PHASE_GLYPH[phase]}</span> {PHASE_LABEL[phase]}
          </label>
        ))}
      </fieldset>
      <select
        aria-label="Site"
        data-testid="spectrum-filter-site"
        value={filter.site ?? ''}
        onChange={(event) => onChange({ ...filter, site: event.target.value || undefined })}
      >
        <option value="">any site</option>
        {sites.map((site) => (
          <option key={site} value={site}>
            {site}
          </option>
        ))}
      </select>
      <label className={styles.toggle} data-tone="bad">
        <input
          type="checkbox"
          data-testid="spectrum-filter-alarm"
          checked={Boolean(filter.alarm)}
          onChange={(event) => onChange({ ...filter, alarm: event.target.checked ? true : undefined })}
        />
        <span aria-hidden="true">✕</span> alarms only
      </label>
      <Button
        data-testid="spectrum-filter-clear"
        disabled={!hasStationFilter(filter)}
        onClick={() => onChange({})}
      >
        Clear filters
      </Button>
    </div>
  );
}
