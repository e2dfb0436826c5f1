// Reads again when the feed says configuration may have changed (config-signals.ts), or when the feed
// comes back after a gap, during which such signs were lost. No timer runs while nothing happens: one
// signal starts a single wait of `settleMs`, and the signals within it are answered by the same read. The
// wait gathers a burst (a bulk run finishes hundreds of items) and lets the server keep the version it
// records right after the change it publishes.
import { useEffect, useEffectEvent } from 'react';
import { useConnectionStore } from '@/modules/connection/connection.context';
import { onBackLive } from '@/modules/connection/connection.store';
import { bulkRunTouches, deltaTouchesConfig } from './config-signals';

export function useConfigSignals(deviceId: string | null, settleMs: number, onSignal: () => void): void {
  const connection = useConnectionStore();
  const fire = useEffectEvent(onSignal);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const signal = (): void => {
      timer ??= setTimeout(() => {
        timer = null;
        fire();
      }, settleMs);
    };
    const stops = [
      connection.on('devices:delta', (payload) => {
        if (deltaTouchesConfig(payload, deviceId)) {
          signal();
        }
      }),
      connection.on('bulk:run', (payload) => {
        if (bulkRunTouches(payload, deviceId)) {
          signal();
        }
      }),
      onBackLive(connection, signal),
    ];
    return () => {
      stops.forEach((stop) => stop());
      if (timer !== null) {
        clearTimeout(timer);
      }
    };
  }, [connection, deviceId, settleMs]);
}
