// Maintenance windows: while one runs, its devices (one radio, a site or a tag) raise incidents but send no
// notifications, and their incidents say which window holds them. Everyone reads the list; admins add and
// remove windows. Times are typed and shown in UTC, as the API takes them.
import { useState } from 'react';
import {
  MaintenanceWindowCreateSchema,
  WINDOW_SCOPE_TYPES,
  type MaintenanceWindow,
  type MaintenanceWindowCreate,
  type WindowScope,
} from '@wsnoc/shared';
import { checkedBy, refused, useSubmitForm } from '@/infra/use-submit-form.hook';
import { isoFromLocalInput, localInputFromIso } from '@/modules/audit/audit-view-state';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { useFleetList } from '@/modules/live/live.context';
import { Button } from '@/ui/button';
import { FieldError } from '@/ui/field-error';
import { formatUtc } from '@/ui/relative-time';
import { useNow } from '@/ui/use-now.hook';
import { createWindow, deleteWindow, fetchWindows } from './alerts.api';
import styles from './alerts.module.css';

const FIELDS = ['name', 'scope.type', 'scope.value', 'startsAt', 'endsAt', 'reason'] as const;
const HOUR = 3_600_000;

function windowState(window: MaintenanceWindow, now: number): 'running' | 'upcoming' | 'ended' {
  if (Date.parse(window.endsAt) <= now) {
    return 'ended';
  }
  return Date.parse(window.startsAt) <= now ? 'running' : 'upcoming';
}

export function MaintenancePanel({ mayAdminister }: { mayAdminister: boolean }) {
  const [windows, reload] = useResource('maintenance-windows', (signal) => fetchWindows(signal));
  const [deleting, setDeleting] = useState<MaintenanceWindow | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const now = useNow(10_000);
  const devices = useFleetList();
  const list = windows.status === 'ready' || windows.status === 'loading' ? windows.data : null;
  const scopeText = (scope: MaintenanceWindow['scope']): string =>
    scope.type === 'device'
      ? `device ${devices.find((d) => d.id === scope.value)?.name ?? scope.value}`
      : `${scope.type} ${scope.value}`;

  const remove = async (id: string): Promise<void> => {
    setProblem(null);
    try {
      await deleteWindow(id);
      reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <div className={styles.stack} data-testid="maintenance-panel">
      {deleting !== null && (
        <ConfirmDialog
          title={`Remove the window “${deleting.name}”?`}
          body="Notifications for its devices are sent again at once."
          confirmLabel="Remove window"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const id = deleting.id;
            setDeleting(null);
            void remove(id);
          }}
        />
      )}
      {mayAdminister && <WindowCreateForm onCreated={reload} />}
      <section className={styles.panel} aria-labelledby="windows-title">
        <h2 id="windows-title">Maintenance windows</h2>
        {!mayAdminister && <p className={styles.muted}>Only admins add or remove windows.</p>}
        {windows.status === 'error' && (
          <p role="alert" className={styles.alert} data-testid="windows-error">
            The maintenance windows could not be read: {windows.message}
          </p>
        )}
        {problem !== null && (
          <p role="alert" className={styles.alert} data-testid="windows-action-error">
            {problem}
          </p>
        )}
        {list !== null && list.length === 0 && (
          <p className={styles.muted} data-testid="windows-empty">
            No maintenance window is planned.
          </p>
        )}
        {list !== null && list.length > 0 && (
          <table className={styles.table} data-testid="windows-table">
            <thead>
              <tr>
                <th>Window</th>
                <th>Scope</th>
                <th>From (UTC)</th>
                <th>To (UTC)</th>
                <th>State</th>
                <th>Reason</th>
                <th>By</th>
                {mayAdminister && <th />}
              </tr>
            </thead>
            <tbody>
              {list.map((window) => (
                <tr
                  key={window.id}
                  data-testid={`window-row-${window.name}`}
                  data-state={windowState(window, now)}
                >
                  <td>{window.name}</td>
                  <td>{scopeText(window.scope)}</td>
                  <td>{formatUtc(window.startsAt)}</td>
                  <td>{formatUtc(window.endsAt)}</td>
                  <td>{windowState(window, now)}</td>
                  <td>{window.reason}</td>
                  <td>{window.createdBy}</td>
                  {mayAdminister && (
                    <td>
                      <Button
                        data-testid={`window-delete-${window.name}`}
                        onClick={() => setDeleting(window)}
                      >
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function WindowCreateForm({ onCreated }: { onCreated: () => void }) {
  const devices = useFleetList();
  const [name, setName] = useState('');
  const [scopeType, setScopeType] = useState<WindowScope['type']>('device');
  const [scopeValue, setScopeValue] = useState('');
  const [startsAt, setStartsAt] = useState(() => localInputFromIso(new Date().toISOString()));
  const [endsAt, setEndsAt] = useState(() =>
    localInputFromIso(new Date(Date.now() + 2 * HOUR).toISOString()),
  );
  const [reason, setReason] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { failure, pending, onSubmit } = useSubmitForm({ fields: FIELDS });

  const check = () => {
    const typed = scopeValue.trim();
    // A device is typed by name and sent as its id.
    const device =
      scopeType === 'device' ? devices.find((d) => d.name === typed || d.id === typed) : undefined;
    if (scopeType === 'device' && typed !== '' && device === undefined) {
      return refused<MaintenanceWindowCreate>({ 'scope.value': `No device is named ${typed}.` });
    }
    return checkedBy(
      MaintenanceWindowCreateSchema.safeParse({
        name: name.trim(),
        scope: { type: scopeType, value: device?.id ?? typed },
        startsAt: isoFromLocalInput(startsAt) ?? startsAt,
        endsAt: isoFromLocalInput(endsAt) ?? endsAt,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      }),
    );
  };

  const submit = onSubmit({
    before: () => setCreated(null),
    check,
    send: createWindow,
    done: (window: MaintenanceWindow) => {
      setName('');
      setScopeValue('');
      setReason('');
      setCreated(window.name);
      onCreated();
    },
  });

  const error = (field: (typeof FIELDS)[number]) =>
    failure.fields[field] ? (
      <FieldError message={failure.fields[field]} data-testid={`window-error-${field}`} />
    ) : null;

  return (
    <section className={styles.panel} aria-labelledby="window-create-title">
      <h2 id="window-create-title">Plan a maintenance window</h2>
      <form className={styles.form} onSubmit={submit} noValidate>
        <label className={styles.field}>
          Name
          <input
            data-testid="window-name"
            value={name}
            maxLength={100}
            onChange={(event) => setName(event.target.value)}
          />
          {error('name')}
        </label>
        <label className={styles.field}>
          Scope
          <span className={styles.pair}>
            <select
              aria-label="Scope type"
              data-testid="window-scope-type"
              value={scopeType}
              onChange={(event) => setScopeType(event.target.value as WindowScope['type'])}
            >
              {WINDOW_SCOPE_TYPES.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
            <input
              aria-label={scopeType === 'device' ? 'Device name' : scopeType === 'site' ? 'Site' : 'Tag'}
              data-testid="window-scope-value"
              value={scopeValue}
              list={scopeType === 'device' ? 'window-device-suggestions' : undefined}
              maxLength={64}
              onChange={(event) => setScopeValue(event.target.value)}
            />
          </span>
          <datalist id="window-device-suggestions">
            {devices.slice(0, 50).map((d) => (
              <option key={d.id} value={d.name} />
            ))}
          </datalist>
          {error('scope.value') ?? error('scope.type')}
        </label>
        <label className={styles.field}>
          From (UTC)
          <input
            type="datetime-local"
            data-testid="window-starts"
            value={startsAt}
            onChange={(event) => setStartsAt(event.target.value)}
          />
          {error('startsAt')}
        </label>
        <label className={styles.field}>
          To (UTC)
          <input
            type="datetime-local"
            data-testid="window-ends"
            value={endsAt}
            onChange={(event) => setEndsAt(event.target.value)}
          />
          {error('endsAt')}
        </label>
        <label className={styles.field}>
          Reason
          <input
            data-testid="window-reason"
            value={reason}
            maxLength={500}
            placeholder="maintenance"
            onChange={(event) => setReason(event.target.value)}
          />
          {error('reason')}
        </label>
        <div className={styles.formButtons}>
          <Button type="submit" variant="primary" data-testid="window-create" disabled={pending !== null}>
            {pending !== null ? 'Adding…' : 'Add window'}
          </Button>
        </div>
      </form>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="window-create-error">
          {failure.message}
        </p>
      )}
      {created !== null && (
        <p role="status" className={styles.done} data-testid="window-create-done">
          Added {created}.
        </p>
      )}
    </section>
  );
}
