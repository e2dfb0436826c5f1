// One user in the admin table: role (changed in place), state, last sign-in and open sessions, and what an
// admin does to them: disable or re-enable (asked first), reset the password, see and end their sessions.
// A refusal (the last enabled admin, say) is shown under the row it concerns.
import { useState } from 'react';
import { USER_ROLES, type UserRole, type UserSummary, type UserUpdate } from '@wsnoc/shared';
import { ConfirmDialog } from '@/modules/devices/detail/confirm-dialog';
import { Button } from '@/ui/button';
import { RelativeTime } from '@/ui/relative-time';
import { UserPasswordReset } from './user-password-reset';
import { UserSessions } from './user-sessions';
import { updateUser } from './users.api';
import styles from './users.module.css';

type Open = 'none' | 'reset' | 'sessions';

const COLUMNS = 6;

export function UserRow({
  user,
  isSelf,
  onChanged,
}: {
  user: UserSummary;
  isSelf: boolean;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<Open>('none');
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const name = user.username;

  const change = async (update: UserUpdate, done: string): Promise<void> => {
    setAsking(false);
    setPending(true);
    setNotice(null);
    try {
      await updateUser(user.id, update);
      setNotice({ ok: true, text: done });
      onChanged();
    } catch (error) {
      setNotice({ ok: false, text: error instanceof Error ? error.message : String(error) });
    } finally {
      setPending(false);
    }
  };

  const toggle = (next: Open): void => setOpen((current) => (current === next ? 'none' : next));

  return (
    <>
      <tr
        data-testid={`user-row-${name}`}
        data-disabled={user.disabled}
        className={user.disabled ? styles.disabled : undefined}
      >
        <td>
          {name}{' '}
          {isSelf && (
            <span className={styles.badge} data-testid="user-self">
              you
            </span>
          )}
        </td>
        <td>
          <select
            aria-label={`Role of ${name}`}
            data-testid={`user-role-${name}`}
            value={user.role}
            disabled={pending}
            onChange={(event) => {
              const role = event.target.value as UserRole;
              void change({ role }, `${name} is now ${role}.`);
            }}
          >
            {USER_ROLES.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        </td>
        <td data-testid={`user-state-${name}`}>{user.disabled ? 'disabled' : 'enabled'}</td>
        <td>
          <RelativeTime at={user.lastLoginAt} empty="never" />
        </td>
        <td data-testid={`user-session-count-${name}`}>{user.sessions}</td>
        <td>
          <div className={styles.rowActions}>
            <Button data-testid={`user-toggle-${name}`} disabled={pending} onClick={() => setAsking(true)}>
              {user.disabled ? 'Re-enable' : 'Disable'}
            </Button>
            <Button
              data-testid={`user-reset-${name}`}
              aria-expanded={open === 'reset'}
              onClick={() => toggle('reset')}
            >
              Reset password
            </Button>
            <Button
              data-testid={`user-sessions-${name}`}
              aria-expanded={open === 'sessions'}
              onClick={() => toggle('sessions')}
            >
              Sessions
            </Button>
          </div>
          {asking &&
            (user.disabled ? (
              <ConfirmDialog
                title={`Re-enable ${name}?`}
                body={`${name} can sign in again as ${user.role}.`}
                confirmLabel="Re-enable"
                onCancel={() => setAsking(false)}
                onConfirm={() => void change({ disabled: false }, `${name} is enabled again.`)}
              />
            ) : (
              <ConfirmDialog
                title={`Disable ${name}?`}
                body={`${name} cannot sign in until re-enabled. Their ${user.sessions} open session${
                  user.sessions === 1 ? '' : 's'
                } and live feed end at once.${isSelf ? ' This is you: you will be signed out.' : ''}`}
                confirmLabel="Disable"
                onCancel={() => setAsking(false)}
                onConfirm={() =>
                  void change({ disabled: true }, `${name} is disabled; their sessions ended.`)
                }
              />
            ))}
        </td>
      </tr>
      {notice !== null && (
        <tr>
          <td colSpan={COLUMNS}>
            <p
              role={notice.ok ? 'status' : 'alert'}
              className={notice.ok ? styles.done : styles.alert}
              data-testid={`user-notice-${name}`}
            >
              {notice.text}
            </p>
          </td>
        </tr>
      )}
      {open !== 'none' && (
        <tr className={styles.expanded}>
          <td colSpan={COLUMNS}>
            {open === 'reset' ? (
              <UserPasswordReset
                user={user}
                onCancel={() => setOpen('none')}
                onDone={() => {
                  setOpen('none');
                  setNotice({ ok: true, text: `New password set for ${name}; their sessions ended.` });
                  onChanged();
                }}
              />
            ) : (
              <UserSessions user={user} onChanged={onChanged} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}
