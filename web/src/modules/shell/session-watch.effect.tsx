// When the live feed is refused or closed by the server, the usual cause is an expired session. Asking
// the auth store again turns that into a redirect to sign-in instead of a console that silently stops.
import { useEffect } from 'react';
import { useAuthStore } from '@/modules/auth/auth.context';
import { useConnectionStore } from '@/modules/connection/connection.context';

export function SessionWatchEffect() {
  const auth = useAuthStore();
  const connection = useConnectionStore();
  useEffect(() => {
    let previous = connection.getState().status;
    return connection.subscribe(() => {
      const status = connection.getState().status;
      if (status === 'offline' && previous !== 'offline') {
        void auth.refresh();
      }
      previous = status;
    });
  }, [auth, connection]);
  return null;
}
