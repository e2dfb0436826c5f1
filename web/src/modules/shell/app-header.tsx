import { Link } from 'react-router';
import type { UserResponse } from '@wsnoc/shared';
import { ConnectionIndicator } from '@/modules/connection/connection-indicator';
import { ThemeToggle } from '@/ui/theme/theme-toggle';
import { UserMenu } from './user-menu';
import styles from './app-layout.module.css';

export function AppHeader({ user }: { user: UserResponse }) {
  return (
    <header className={styles.header}>
      <Link className={styles.brand} to="/overview">
        wsnoc
      </Link>
      <div className={styles.headerTools}>
        <ConnectionIndicator />
        <ThemeToggle />
        <UserMenu user={user} />
      </div>
    </header>
  );
}
