// The audit page's filters. They are edited here and applied together ("Apply" or Enter), so typing an
// actor's name does not ask the server once per key; applying writes them to the URL, which is the view.
// A device is picked by name (the fleet's names are offered) and sent as its id.
import { useMemo, useState, type FormEvent } from 'react';
import { AUDIT_OUTCOMES, type AuditEntry, type DeviceLive } from '@wsnoc/shared';
import { Button } from '@/ui/button';
import { hasFilters, isoFromLocalInput, localInputFromIso, type AuditFilters } from './audit-view-state';
import styles from './audit.module.css';

/** Prefixes worth offering; any action (or prefix ending in a dot) may be typed. */
const ACTION_SUGGESTIONS = [
  'auth.',
  'auth.sign-in',
  'user.',
  'device.',
  'device.reboot',
  'device.refresh',
  'device.config',
  'bulk-run.',
  'spectrum.',
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Enough names to pick from while typing; the fleet may hold thousands. */
const DEVICE_SUGGESTIONS = 50;

interface Draft {
  actor: string;
  action: string;
  device: string;
  outcome: string;
  from: string;
  to: string;
}

export interface AuditFilterBarProps {
  filters: AuditFilters;
  devices: readonly DeviceLive[];
  onApply: (filters: AuditFilters) => void;
}

export function AuditFilterBar({ filters, devices, onApply }: AuditFilterBarProps) {
  const deviceName = (id: string | undefined): string =>
    id === undefined ? '' : (devices.find((d) => d.id === id)?.name ?? id);
  const [draft, setDraft] = useState<Draft>(() => ({
    actor: filters.actor ?? '',
    action: filters.action ?? '',
    device: deviceName(filters.deviceId),
    outcome: filters.outcome ?? '',
    from: localInputFromIso(filters.from),
    to: localInputFromIso(filters.to),
  }));
  const [problem, setProblem] = useState<string | null>(null);
  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));

  const suggestions = useMemo(() => {
    const typed = draft.device.trim().toLowerCase();
    return devices
      .filter((d) => typed === '' || d.name.toLowerCase().includes(typed))
      .slice(0, DEVICE_SUGGESTIONS)
      .map((d) => d.name);
  }, [devices, draft.device]);

  const apply = (event: FormEvent): void => {
    event.preventDefault();
    const typedDevice = draft.device.trim();
    let deviceId: string | undefined;
    if (typedDevice !== '') {
      deviceId =
        devices.find((d) => d.name === typedDevice)?.id ?? (UUID.test(typedDevice) ? typedDevice : undefined);
      if (deviceId === undefined) {
        setProblem(`No device is named ${typedDevice}.`);
        return;
      }
    }
    const from = draft.from === '' ? undefined : isoFromLocalInput(draft.from);
    const to = draft.to === '' ? undefined : isoFromLocalInput(draft.to);
    if (from && to && Date.parse(from) > Date.parse(to)) {
      setProblem('The range starts after it ends.');
      return;
    }
    setProblem(null);
    onApply({
      actor: draft.actor.trim() || undefined,
      action: draft.action.trim() || undefined,
      deviceId,
      outcome: (AUDIT_OUTCOMES as readonly string[]).includes(draft.outcome)
        ? (draft.outcome as AuditEntry['outcome'])
        : undefined,
      from,
      to,
    });
  };

  return (
    <form
      className={styles.filterBar}
      onSubmit={apply}
      aria-label="Audit filters"
      data-testid="audit-filters"
    >
      <label className={styles.filter}>
        Actor
        <input
          data-testid="audit-filter-actor"
          value={draft.actor}
          maxLength={128}
          placeholder="username"
          onChange={(event) => set({ actor: event.target.value })}
        />
      </label>
      <label className={styles.filter}>
        Action
        <input
          data-testid="audit-filter-action"
          value={draft.action}
          list="audit-action-suggestions"
          maxLength={128}
          placeholder="device.reboot, or device."
          onChange={(event) => set({ action: event.target.value })}
        />
        <datalist id="audit-action-suggestions">
          {ACTION_SUGGESTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
      </label>
      <label className={styles.filter}>
        Device
        <input
          data-testid="audit-filter-device"
          value={draft.device}
          list="audit-device-suggestions"
          placeholder="name"
          onChange={(event) => set({ device: event.target.value })}
        />
        <datalist id="audit-device-suggestions">
          {suggestions.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </label>
      <label className={styles.filter}>
        Outcome
        <select
          data-testid="audit-filter-outcome"
          value={draft.outcome}
          onChange={(event) => set({ outcome: event.target.value })}
        >
          <option value="">any</option>
          {AUDIT_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcome}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.filter}>
        From (UTC)
        <input
          type="datetime-local"
          data-testid="audit-filter-from"
          value={draft.from}
          onChange={(event) => set({ from: event.target.value })}
        />
      </label>
      <label className={styles.filter}>
        To (UTC)
        <input
          type="datetime-local"
          data-testid="audit-filter-to"
          value={draft.to}
          onChange={(event) => set({ to: event.target.value })}
        />
      </label>
      <div className={styles.filterButtons}>
        <Button type="submit" variant="primary" data-testid="audit-filter-apply">
          Apply
        </Button>
        {hasFilters(filters) && (
          <Button data-testid="audit-filter-clear" onClick={() => onApply({})}>
            Clear filters
          </Button>
        )}
      </div>
      {problem !== null && (
        <p role="alert" className={styles.problem} data-testid="audit-filter-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
