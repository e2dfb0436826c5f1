// Checks the session once when the console opens. Kept out of rendering components so pages stay pure.
import { useEffect } from 'react';
import { useAuthStore } from './auth.context';

export function AuthSessionEffect() {
  const store = useAuthStore();
  useEffect(() => {
    if (store.getState().status === 'checking') {
      void store.refresh();
    }
  }, [store]);
  return null;
}
