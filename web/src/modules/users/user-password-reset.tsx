// An admin sets a new password for someone who lost theirs. The policy applies as to any chosen password,
// and the user's sessions end, so whoever held the old one is out.
import { useState, type FormEvent } from 'react';
import { PasswordResetSchema, type UserSummary } from '@wsnoc/shared';
import { formFailureOf, zodFieldErrors, type FormFailure } from '@/infra/field-errors';
import { Button } from '@/ui/button';
import { TextField } from '@/ui/text-field';
import { resetPassword } from './users.api';
import styles from './users.module.css';

const NO_FAILURE: FormFailure = { fields: {}, message: null };

export function UserPasswordReset({
  user,
  onDone,
  onCancel,
}: {
  user: UserSummary;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<FormFailure>(NO_FAILURE);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const parsed = PasswordResetSchema.safeParse({ password });
    if (!parsed.success) {
      setFailure({ fields: zodFieldErrors(parsed.error), message: null });
      return;
    }
    setPending(true);
    try {
      await resetPassword(user.id, parsed.data.password);
      onDone();
    } catch (error) {
      setFailure(formFailureOf(error, ['password']));
      setPending(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={`New password for ${user.username}`}
        type="password"
        autoComplete="new-password"
        data-testid="user-reset-password"
        value={password}
        error={failure.fields.password}
        onChange={(event) => setPassword(event.target.value)}
      />
      <div className={styles.formButtons}>
        <Button type="submit" variant="primary" data-testid="user-reset-submit" disabled={pending}>
          Set password
        </Button>
        <Button data-testid="user-reset-cancel" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="user-reset-error">
          {failure.message}
        </p>
      )}
      <p className={styles.muted}>Their open sessions end; they sign in again with the new password.</p>
    </form>
  );
}
