// One's own account, reached from the user menu: who you are, your password and your open sessions.
import { useState } from 'react';
import { useAuthState } from '@/modules/auth/auth.context';
import { MySessions } from './my-sessions';
import { PasswordChangeForm } from './password-change-form';
import styles from '@/modules/users/users.module.css';

export function AccountPage() {
  const auth = useAuthState();
  // A password change ends one's other sessions: the list is read again after it.
  const [revision, setRevision] = useState(0);
  return (
    <div className={styles.page} data-testid="account-page">
      <title>Account · wsnoc</title>
      <div className={styles.head}>
        <h1>Account</h1>
        {auth.status === 'signed-in' && (
          <p className={styles.muted}>
            Signed in as <strong>{auth.user.username}</strong> ({auth.user.role}).
          </p>
        )}
      </div>
      <PasswordChangeForm onChanged={() => setRevision((value) => value + 1)} />
      <MySessions revision={revision} />
    </div>
  );
}
