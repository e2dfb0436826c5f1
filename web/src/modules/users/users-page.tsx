// The users screen, for admins: everyone who may sign in, with role, state, last sign-in and open
// sessions, and the form that adds a person. The route is guarded by RequireRole; the server checks too.
import { useAuthState } from '@/modules/auth/auth.context';
import { useResource } from '@/modules/devices/detail/use-resource.hook';
import { fetchUsers } from './users.api';
import { UserCreateForm } from './user-create-form';
import { UserRow } from './user-row';
import styles from './users.module.css';

export function UsersPage() {
  const [users, reload] = useResource('users', (signal) => fetchUsers(signal));
  const auth = useAuthState();
  const selfId = auth.status === 'signed-in' ? auth.user.id : null;
  const list = users.status === 'ready' || users.status === 'loading' ? users.data : null;

  return (
    <div className={styles.page} data-testid="users-page">
      <title>Users · wsnoc</title>
      <div className={styles.head}>
        <h1>Users</h1>
        <p className={styles.muted}>
          Viewers read. Operators also run actions, configuration changes and bulk runs. Admins also manage
          users.
        </p>
      </div>
      <UserCreateForm onCreated={reload} />
      <section className={styles.panel} aria-labelledby="users-title">
        <h2 id="users-title">People</h2>
        {users.status === 'error' && (
          <p role="alert" className={styles.alert} data-testid="users-error">
            Could not list the users: {users.message}
          </p>
        )}
        {list === null && users.status !== 'error' && <p className={styles.muted}>Loading users…</p>}
        {list !== null && (
          <table className={styles.table} data-testid="users-table">
            <thead>
              <tr>
                <th>User</th>
                <th>Role</th>
                <th>State</th>
                <th>Last sign-in</th>
                <th>Open sessions</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((user) => (
                <UserRow key={user.id} user={user} isSelf={user.id === selfId} onChanged={reload} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
