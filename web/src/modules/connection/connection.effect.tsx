// Holds the /ops connection open while it is mounted. The shell mounts it only for signed-in users,
// so signing out (which unmounts the shell) closes the socket.
import { useEffect } from 'react';
import { useConnectionStore } from './connection.context';

export function ConnectionEffect() {
  const store = useConnectionStore();
  useEffect(() => store.acquire(), [store]);
  return null;
}
