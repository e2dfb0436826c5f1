// The words for a connection state. Colour is only a second cue; these words are the first.
import { formatAge } from '@/ui/format-age';
import type { ConnectionState } from './connection.store';

export interface ConnectionDescription {
  /** Changes only when the status changes, so screen readers announce transitions, not every second. */
  label: string;
  /** The age of the last message, for states where it matters; empty while live. */
  age: string;
}

export function describeConnection(state: ConnectionState, now: number): ConnectionDescription {
  const age = formatAge(now - (state.lastMessageAt ?? state.since));
  switch (state.status) {
    case 'idle':
      return { label: 'not connected', age: '' };
    case 'connecting':
      return { label: 'connecting…', age: '' };
    case 'live':
      return { label: 'live', age: '' };
    case 'stale':
      return { label: 'stale', age };
    case 'reconnecting':
      return { label: 'reconnecting…', age };
    case 'offline':
      return { label: 'offline', age };
  }
}
