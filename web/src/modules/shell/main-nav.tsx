import { NavLink } from 'react-router';
import type { UserRole } from '@wsnoc/shared';
import { roleAllows } from '@/modules/auth/use-can.hook';
import { NAV_ITEMS } from './nav-items';
import styles from './app-layout.module.css';

export function MainNav({ role }: { role: UserRole }) {
  return (
    <nav className={styles.nav} aria-label="Screens">
      <ul>
        {NAV_ITEMS.filter((item) => item.least === undefined || roleAllows(role, item.least)).map((item) => (
          <li key={item.id}>
            <NavLink
              to={item.path}
              data-testid={`nav-${item.id}`}
              className={({ isActive }) =>
                isActive ? `${styles.navLink} ${styles.navLinkActive}` : styles.navLink
              }
            >
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
