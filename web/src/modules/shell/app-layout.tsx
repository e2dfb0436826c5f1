// The signed-in frame: header, navigation and the current screen. It owns no data; it mounts the effects
// that keep the live connection open while someone is signed in.
import { Outlet } from 'react-router';
import { useAuthState } from '@/modules/auth/auth.context';
import { ConnectionEffect } from '@/modules/connection/connection.effect';
import { AppHeader } from './app-header';
import { MainNav } from './main-nav';
import { SessionWatchEffect } from './session-watch.effect';
import styles from './app-layout.module.css';

export function AppLayout() {
  const auth = useAuthState();
  if (auth.status !== 'signed-in') {
    return null; // RequireAuth sits above and handles every other state.
  }
  return (
    <div className={styles.layout}>
      <ConnectionEffect />
      <SessionWatchEffect />
      <a className={styles.skipLink} href="#main">
        Skip to content
      </a>
      <AppHeader user={auth.user} />
      <MainNav role={auth.user.role} />
      <main id="main" className={styles.main} tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
