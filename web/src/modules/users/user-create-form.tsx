// "Create a user": username, role and a first password. The shared schema is checked before sending, so
// a short password or a bad username is named at once; the server adds what only it knows (a common
// password, a taken username), and its `issues` land next to their fields too.
import { useState } from 'react';
import { USER_ROLES, UserCreateSchema, type UserRole, type UserSummary } from '@wsnoc/shared';
import { checkedBy, useSubmitForm } from '@/infra/use-submit-form.hook';
import { Button } from '@/ui/button';
import { TextField } from '@/ui/text-field';
import { createUser } from './users.api';
import styles from './users.module.css';

const FIELDS = ['username', 'role', 'password'] as const;

export function UserCreateForm({ onCreated }: { onCreated: (user: UserSummary) => void }) {
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<UserRole>('viewer');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const { failure, pending, onSubmit } = useSubmitForm({ fields: FIELDS });

  const submit = onSubmit({
    before: () => setCreated(null),
    check: () => checkedBy(UserCreateSchema.safeParse({ username: username.trim(), role, password })),
    send: createUser,
    done: (user: UserSummary) => {
      setUsername('');
      setPassword('');
      setCreated(user.username);
      onCreated(user);
    },
  });

  return (
    <section className={styles.panel} aria-labelledby="user-create-title">
      <h2 id="user-create-title">Create a user</h2>
      <form className={styles.form} onSubmit={submit} noValidate>
        <TextField
          label="Username"
          data-testid="user-create-username"
          autoComplete="off"
          value={username}
          error={failure.fields.username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <div className={styles.field}>
          <label htmlFor="user-create-role">Role</label>
          <select
            id="user-create-role"
            data-testid="user-create-role"
            value={role}
            onChange={(event) => setRole(event.target.value as UserRole)}
          >
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          data-testid="user-create-password"
          value={password}
          error={failure.fields.password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <div className={styles.formButtons}>
          <Button
            type="submit"
            variant="primary"
            data-testid="user-create-submit"
            disabled={pending !== null}
          >
            {pending !== null ? 'Creating…' : 'Create user'}
          </Button>
        </div>
      </form>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="user-create-error">
          {failure.message}
        </p>
      )}
      {created !== null && (
        <p role="status" className={styles.done} data-testid="user-create-done">
          Created {created}. They can sign in now.
        </p>
      )}
    </section>
  );
}
