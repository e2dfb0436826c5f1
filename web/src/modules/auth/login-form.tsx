// The sign-in form. It validates with the same schema the server uses, then explains any refusal in
// words: wrong credentials, throttling with a countdown, or a server that cannot be reached.
import { useState, type FormEvent } from 'react';
import { LoginRequestSchema } from '@wsnoc/shared';
import { Button } from '@/ui/button';
import { formatAge } from '@/ui/format-age';
import { useNow } from '@/ui/use-now.hook';
import { useAuthStore } from './auth.context';
import { describeLoginError, type LoginErrorView } from './login-error';
import styles from './login-page.module.css';

export interface LoginFormProps {
  onSignedIn: () => void;
}

export function LoginForm({ onSignedIn }: LoginFormProps) {
  const auth = useAuthStore();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<LoginErrorView | null>(null);
  const retryAt = error?.retryAt ?? null;
  const now = useNow(1000, retryAt !== null);
  const waitMs = retryAt !== null ? retryAt - now : 0;
  const locked = waitMs > 0;

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const parsed = LoginRequestSchema.safeParse({ username: username.trim(), password });
    if (!parsed.success) {
      setError({ message: parsed.error.issues.map((issue) => issue.message).join('; '), retryAt: null });
      return;
    }
    setPending(true);
    setError(null);
    try {
      await auth.signIn(parsed.data);
      onSignedIn();
    } catch (caught) {
      setError(describeLoginError(caught));
      setPassword('');
    } finally {
      setPending(false);
    }
  };

  return (
    <form
      className={styles.form}
      onSubmit={(event) => void submit(event)}
      noValidate
      data-testid="login-form"
    >
      <label className={styles.field}>
        <span>Username</span>
        <input
          data-testid="login-username"
          name="username"
          autoComplete="username"
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          aria-invalid={error !== null}
          required
        />
      </label>
      <label className={styles.field}>
        <span>Password</span>
        <input
          data-testid="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={error !== null}
          required
        />
      </label>
      <div role="alert" className={styles.error} data-testid="login-error">
        {error && (
          <>
            {error.message}
            {locked && ` Try again in ${formatAge(Math.max(waitMs, 1000))}.`}
            {error.retryAt !== null && !locked && ' You can try again now.'}
          </>
        )}
      </div>
      <Button type="submit" variant="primary" data-testid="login-submit" disabled={pending || locked}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
