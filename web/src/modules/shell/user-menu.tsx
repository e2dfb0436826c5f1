import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { UserResponse } from '@wsnoc/shared';
import { useAuthStore } from '@/modules/auth/auth.context';
import { LOGIN_PATH } from '@/modules/auth/redirect-target';
import { Button } from '@/ui/button';
import styles from './app-layout.module.css';

export function UserMenu({ user }: { user: UserResponse }) {
  const auth = useAuthStore();
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);

  const signOut = async (): Promise<void> => {
    setPending(true);
    try {
      await auth.signOut();
    } catch {
      // The store already signed this tab out; the server side expires with the cookie.
    }
    await navigate(LOGIN_PATH, { replace: true });
  };

  return (
    <div className={styles.userMenu} data-testid="user-menu">
      <span className={styles.userName} data-testid="user-name">
        {user.username}
      </span>
      <span className={styles.role} data-testid="user-role" aria-label={`role ${user.role}`}>
        {user.role}
      </span>
      <Link to="/account#password" data-testid="account-password">
        Change password
      </Link>
      <Link to="/account#sessions" data-testid="account-sessions">
        My sessions
      </Link>
      <Button data-testid="sign-out" onClick={() => void signOut()} disabled={pending}>
        Sign out
      </Button>
    </div>
  );
}
