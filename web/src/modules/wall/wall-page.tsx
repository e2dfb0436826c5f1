// The /wall kiosk view, served without a sign-in: a display authenticates with its feed token alone
// (wall-token.ts). No controls, large type, high contrast, laid out in viewport units so one layout reads
// at 1080p and 4K. It rotates through the panels an admin configured, says plainly how old its data is
// whenever the feed is not live, goes dark with a reason when its token is revoked, and reloads itself if
// drawing or a connected feed stalls (wall-watchdog.ts).
import type { WallPanel } from '@wsnoc/shared';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { formatAge } from '@/ui/format-age';
import { useNow } from '@/ui/use-now.hook';
import { useRotation } from './use-rotation.hook';
import { createWallSocket } from './wall-connection';
import { WallCountsPanel } from './wall-counts-panel';
import { WallIncidentsPanel } from './wall-incidents-panel';
import { WallMapPanel } from './wall-map-panel';
import { WallSpectrumPanel } from './wall-spectrum-panel';
import { takeWallToken } from './wall-token';
import { WallWorstPanel } from './wall-worst-panel';
import { startWatchdog } from './wall-watchdog';
import { createWallStore, type WallState, type WallStore } from './wall.store';
import styles from './wall-page.module.css';

/** Data older than this shows the age banner even while connected (heartbeats come every 10 s). */
export const STALE_AFTER_MS = 30_000;

const PANEL_TITLES: Record<WallPanel, string> = {
  map: 'Fleet map',
  counts: 'Status',
  'worst-links': 'Worst links',
  incidents: 'Open incidents',
  spectrum: 'Spectrum plan',
};

export function WallPage() {
  const [token] = useState(() =>
    takeWallToken({ location: window.location, history: window.history, storage: window.localStorage }),
  );
  if (!token) {
    return (
      <DarkScreen
        testId="wall-no-token"
        title="Display not set up"
        detail="Open the display link an admin created for this screen (it ends in #token=…)."
      />
    );
  }
  return <ConnectedWall token={token} />;
}

function ConnectedWall({ token }: { token: string }) {
  const [store] = useState(() => createWallStore({ createSocket: () => createWallSocket(token) }));
  useEffect(() => store.start(), [store]);
  useEffect(
    () => startWatchdog({ feed: () => store.getState(), reload: () => window.location.reload() }),
    [store],
  );
  return <WallView store={store} />;
}

export function useWallState(store: WallStore): WallState {
  return useSyncExternalStore(store.subscribe, store.getState);
}

export function WallView({ store }: { store: WallStore }) {
  const state = useWallState(store);
  const panels = state.config?.panels ?? [];
  const index = useRotation(panels.length, state.config?.rotateSeconds ?? 20, panels.join(','));
  if (state.status === 'revoked') {
    return (
      <DarkScreen
        testId="wall-revoked"
        title="Display revoked"
        detail="An admin revoked this display's token. Ask for a new display link."
      />
    );
  }
  if (state.status === 'invalid') {
    return (
      <DarkScreen
        testId="wall-invalid"
        title="Display link not valid"
        detail="No display has this link's token. Ask an admin for a new display link."
      />
    );
  }
  const panel = panels[index];
  return (
    <main className={styles.wall} data-testid="wall" data-status={state.status}>
      <title>{`${state.config?.name ?? 'Wall'} · wsnoc`}</title>
      <header className={styles.header}>
        <h1 className={styles.name} data-testid="wall-name">
          {state.config?.name ?? 'wsnoc'}
        </h1>
        {panel ? (
          <p className={styles.panelName} data-testid="wall-panel-name">
            {PANEL_TITLES[panel]}
            {panels.length > 1 ? (
              <span className={styles.dots} aria-label={`panel ${index + 1} of ${panels.length}`}>
                {panels.map((p, i) => (
                  <span key={p} className={i === index ? styles.dotOn : styles.dot} />
                ))}
              </span>
            ) : null}
          </p>
        ) : null}
        <Clock />
      </header>
      <AgeBanner state={state} />
      <div className={styles.body}>
        {panel === 'map' ? <WallMapPanel store={store} /> : null}
        {panel === 'counts' ? <WallCountsPanel counts={state.counts} /> : null}
        {panel === 'worst-links' ? <WallWorstPanel worst={state.worst} /> : null}
        {panel === 'incidents' ? (
          <WallIncidentsPanel incidents={state.incidents} truncated={state.incidentsTruncated} />
        ) : null}
        {panel === 'spectrum' ? <WallSpectrumPanel spectrum={state.spectrum} /> : null}
        {!panel ? <p className={styles.waiting}>Connecting to the console…</p> : null}
      </div>
    </main>
  );
}

/** How old the data is, whenever it may be old: the feed is down, or nothing came for a while. */
export function AgeBanner({ state }: { state: WallState }) {
  const now = useNow(1000);
  const age = state.lastDataAt === null ? null : now - state.lastDataAt;
  const live = state.status === 'live';
  if (live && age !== null && age < STALE_AFTER_MS) {
    return null;
  }
  if (live && age === null) {
    return null; // connected, the snapshot is on its way
  }
  const doing = live ? 'waiting for the feed' : 'reconnecting';
  const text = age === null ? `No data yet — ${doing}` : `Data ${formatAge(age)} old — ${doing}`;
  return (
    <p className={styles.banner} role="status" data-testid="wall-stale">
      {text}
    </p>
  );
}

function Clock() {
  const now = useNow(1000);
  return (
    <p className={styles.clock} data-testid="wall-clock">
      {new Date(now).toISOString().slice(11, 16)} UTC
    </p>
  );
}

function DarkScreen({ testId, title, detail }: { testId: string; title: string; detail: string }) {
  return (
    <main className={styles.dark} data-testid={testId}>
      <title>{`${title} · wsnoc`}</title>
      <h1 className={styles.darkTitle}>{title}</h1>
      <p className={styles.darkDetail}>{detail}</p>
    </main>
  );
}
