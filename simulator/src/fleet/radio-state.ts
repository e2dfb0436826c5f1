// Maps a radio to the truth the control API reports for it (RadioState in shared/).
import type { RadioState } from '@wsnoc/shared';
import type { Radio } from '../device/radio.js';

export function radioState(r: Radio): RadioState {
  const tx = r.rfTx();
  const now = r.now();
  const up = r.isUp();
  return {
    id: r.id,
    role: r.role,
    baseStationId: r.baseStation?.id ?? null,
    host: r.host,
    config: { ...r.running },
    pendingConfirm: r.pendingConfirm
      ? {
          deadline: new Date(r.pendingConfirm.deadlineMs).toISOString(),
          revertTo: { ...r.pendingConfirm.revertTo },
        }
      : null,
    lastRevertAt: r.lastRevertAtMs === null ? null : new Date(r.lastRevertAtMs).toISOString(),
    commits: { ...r.commits },
    channel: tx.channel,
    transmitting: tx.transmitting,
    eirpDbm: tx.eirpDbm,
    up,
    bootedAt: new Date(r.bootedAtMs).toISOString(),
    uptimeSec: up ? Math.max(0, Math.floor((now - r.bootedAtMs) / 1000)) : 0,
    temperatureC: r.temperatureC,
    lat: r.lat,
    lon: r.lon,
    configLocked: r.lockHolder !== null,
    sessions: r.sessions?.size ?? 0,
    faults: r.faults ? [...r.faults.values()].map(({ rng: _rng, ...fault }) => fault) : [],
    siteVlans: [...r.network.vlans],
    managementReachable: r.managementReachable(),
  };
}
