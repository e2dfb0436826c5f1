// The running configuration, read from the radio on request (it costs a CLI session, so not on load).
// Reading it opens a session on the radio, which the route table leaves to operators.
import { useState } from 'react';
import { Button } from '@/ui/button';
import { fetchRunningConfig } from './device.api';
import { useResource } from './use-resource.hook';
import styles from './device-detail.module.css';

export function RunningConfig({ deviceId, mayRead }: { deviceId: string; mayRead: boolean }) {
  const [requested, setRequested] = useState(0);
  const [config, reload] = useResource(requested === 0 ? null : `${deviceId}`, (signal) =>
    fetchRunningConfig(deviceId, signal),
  );
  return (
    <section className={styles.panel} aria-labelledby="config-title">
      <div className={styles.panelHead}>
        <h2 id="config-title">Running configuration</h2>
        {mayRead && (
          <Button
            data-testid="load-running-config"
            disabled={config.status === 'loading'}
            onClick={() => (requested === 0 ? setRequested(1) : reload())}
          >
            {requested === 0 ? 'Load from the radio' : 'Reload'}
          </Button>
        )}
      </div>
      {!mayRead && (
        <p className={styles.muted} data-testid="running-config-viewer-note">
          Operators read the running configuration from the radio; the versions above show what was kept.
        </p>
      )}
      {config.status === 'loading' && <p className={styles.muted}>Reading from the radio…</p>}
      {config.status === 'error' && (
        <p role="alert" data-testid="running-config-error">
          Could not read the configuration: {config.message}
        </p>
      )}
      {config.status === 'ready' && (
        <pre className={styles.config} data-testid="running-config">
          {config.data.lines.join('\n')}
        </pre>
      )}
    </section>
  );
}
