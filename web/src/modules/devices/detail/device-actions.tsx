// Refresh and reboot, each behind a confirmation. A 409 is shown as "busy": who holds the radio and since
// when, so the operator knows whom to ask instead of retrying blindly.
import { useState } from 'react';
import { formatAge } from '@/ui/format-age';
import { Button } from '@/ui/button';
import { ConfirmDialog } from './confirm-dialog';
import { runDeviceAction, type ActionResult, type DeviceAction } from './device.api';
import styles from './device-detail.module.css';

const QUESTIONS: Record<DeviceAction, { title: string; body: (name: string) => string; label: string }> = {
  refresh: {
    title: 'Refresh this radio?',
    body: (name) => `Poll ${name} now, outside its schedule. Nothing on the radio changes.`,
    label: 'Refresh now',
  },
  reboot: {
    title: 'Reboot this radio?',
    body: (name) =>
      `${name} will stop passing traffic for a minute or two while it restarts. Its CPEs lose their link meanwhile.`,
    label: 'Reboot',
  },
};

type Outcome =
  | { kind: 'idle' }
  | { kind: 'running'; action: DeviceAction }
  | { kind: 'result'; action: DeviceAction; result: ActionResult; at: number }
  | { kind: 'failed'; action: DeviceAction; message: string };

export function DeviceActions({ deviceId, name }: { deviceId: string; name: string }) {
  const [asking, setAsking] = useState<DeviceAction | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const run = async (action: DeviceAction): Promise<void> => {
    setAsking(null);
    setOutcome({ kind: 'running', action });
    try {
      setOutcome({ kind: 'result', action, result: await runDeviceAction(deviceId, action), at: Date.now() });
    } catch (error) {
      setOutcome({ kind: 'failed', action, message: error instanceof Error ? error.message : String(error) });
    }
  };
  const busy = outcome.kind === 'running';

  return (
    <section className={styles.panel} aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      <div className={styles.actions}>
        <Button data-testid="action-refresh" disabled={busy} onClick={() => setAsking('refresh')}>
          Refresh
        </Button>
        <Button data-testid="action-reboot" disabled={busy} onClick={() => setAsking('reboot')}>
          Reboot
        </Button>
      </div>
      <div aria-live="polite">
        {outcome.kind === 'running' && <p data-testid="action-running">Sending {outcome.action}…</p>}
        {outcome.kind === 'result' && outcome.result.kind === 'done' && (
          <p data-testid="action-result">
            {outcome.action === 'refresh' ? 'Refresh' : 'Reboot'} accepted by the server.
          </p>
        )}
        {outcome.kind === 'result' && outcome.result.kind === 'busy' && (
          <p role="alert" className={styles.busy} data-testid="action-busy">
            The radio is busy: <strong data-testid="busy-owner">{outcome.result.owner}</strong> holds it since{' '}
            <time dateTime={outcome.result.since} data-testid="busy-since">
              {outcome.result.since.replace('T', ' ').slice(0, 19)} UTC
            </time>{' '}
            ({formatAge(outcome.at - Date.parse(outcome.result.since))} ago). {outcome.result.message}
          </p>
        )}
        {outcome.kind === 'failed' && (
          <p role="alert" data-testid="action-error">
            {outcome.action} failed: {outcome.message}
          </p>
        )}
      </div>
      {asking !== null && (
        <ConfirmDialog
          title={QUESTIONS[asking].title}
          body={QUESTIONS[asking].body(name)}
          confirmLabel={QUESTIONS[asking].label}
          onCancel={() => setAsking(null)}
          onConfirm={() => void run(asking)}
        />
      )}
    </section>
  );
}
