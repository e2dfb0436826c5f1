import { Navigate, useLocation, useNavigate } from 'react-router';
import { ThemeToggle } from '@/ui/theme/theme-toggle';
import { useAuthState } from './auth.context';
import { LoginForm } from './login-form';
import { readRedirectTarget } from './redirect-target';
import styles from './login-page.module.css';

export function LoginPage() {
  const auth = useAuthState();
  const location = useLocation();
  const navigate = useNavigate();
  const target = readRedirectTarget(location.search);

  // Someone who is already signed in (a bookmark to /login, the back button) goes straight on.
  if (auth.status === 'signed-in') {
    return <Navigate to={target} replace />;
  }

  return (
    <main className={styles.page}>
      <title>Sign in · wsnoc</title>
      <div className={styles.card}>
        <header className={styles.header}>
          <p className={styles.brand}>wsnoc</p>
          <h1 className={styles.title}>Sign in to the network console</h1>
        </header>
        <LoginForm onSignedIn={() => void navigate(target, { replace: true })} />
      </div>
      <div className={styles.corner}>
        <ThemeToggle />
      </div>
    </main>
  );
}
