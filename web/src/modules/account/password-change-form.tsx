// Change one's own password: the current one, then the new one twice. The shared schema names a short or
// malformed password before anything is sent; the server names a wrong current password or a common new
// one, each next to its field. One's other sessions end; this one stays signed in.
import { useState, type FormEvent } from 'react';
import { PasswordChangeSchema } from '@wsnoc/shared';
import { formFailureOf, zodFieldErrors, type FormFailure } from '@/infra/field-errors';
import { Button } from '@/ui/button';
import { TextField } from '@/ui/text-field';
import { changeOwnPassword } from './account.api';
import styles from '@/modules/users/users.module.css';

const FIELDS = ['currentPassword', 'newPassword'] as const;
const NO_FAILURE: FormFailure = { fields: {}, message: null };

export function PasswordChangeForm({ onChanged }: { onChanged?: () => void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [failure, setFailure] = useState<FormFailure>(NO_FAILURE);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setDone(false);
    const parsed = PasswordChangeSchema.safeParse({ currentPassword, newPassword });
    const fields = parsed.success ? {} : zodFieldErrors(parsed.error);
    if (!parsed.success || repeat !== newPassword) {
      const mismatch: Record<string, string> =
        repeat !== newPassword ? { repeat: 'the two new passwords differ' } : {};
      setFailure({ fields: { ...fields, ...mismatch }, message: null });
      return;
    }
    setPending(true);
    try {
      await changeOwnPassword(parsed.data);
      setFailure(NO_FAILURE);
      setCurrent('');
      setNew('');
      setRepeat('');
      setDone(true);
      onChanged?.();
    } catch (error) {
      setFailure(formFailureOf(error, FIELDS));
    } finally {
      setPending(false);
    }
  };

  return (
    <section className={styles.panel} aria-labelledby="password-title" id="password">
      <h2 id="password-title">Change password</h2>
      <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          data-testid="password-current"
          value={currentPassword}
          error={failure.fields.currentPassword}
          onChange={(event) => setCurrent(event.target.value)}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          data-testid="password-new"
          value={newPassword}
          error={failure.fields.newPassword}
          onChange={(event) => setNew(event.target.value)}
        />
        <TextField
          label="New password again"
          type="password"
          autoComplete="new-password"
          data-testid="password-repeat"
          value={repeat}
          error={failure.fields.repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <div className={styles.formButtons}>
          <Button type="submit" variant="primary" data-testid="password-submit" disabled={pending}>
            {pending ? 'Changing…' : 'Change password'}
          </Button>
        </div>
      </form>
      {failure.message !== null && (
        <p role="alert" className={styles.alert} data-testid="password-error">
          {failure.message}
        </p>
      )}
      {done && (
        <p role="status" className={styles.done} data-testid="password-done">
          Password changed. Your other sessions were signed out; this one stays.
        </p>
      )}
    </section>
  );
}
