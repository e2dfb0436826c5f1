// The exact text of every `show` command. docs/device-cli.md quotes these formats and drivers parse them,
// so a change here is a change to a public contract: update the doc and the tests with it.
import type { RadioLink } from '@wsnoc/shared';
import { offsetKm } from '../fleet/regions.js';
import { FIRMWARE_VERSION, type Radio } from './radio.js';
import { formatPower, renderConfig } from './radio-config.js';

export function showSystem(radio: Radio): string[] {
  const uptimeSec = radio.isUp() ? Math.max(0, Math.floor((radio.now() - radio.bootedAtMs) / 1000)) : 0;
  return [
    `hostname: ${radio.running.hostname}`,
    `role: ${radio.role}`,
    `model: ${radio.model}`,
    `serial: ${radio.serial}`,
    `mac: ${radio.mac}`,
    `firmware: ${FIRMWARE_VERSION}`,
    `uptime: ${formatUptime(uptimeSec)}`,
    `uptime-seconds: ${uptimeSec}`,
    `temperature: ${radio.temperatureC.toFixed(1)} C`,
  ];
}

export function showRadio(radio: Radio): string[] {
  const tx = radio.rfTx();
  const plan = radio.plan;
  return [
    `role: ${radio.role}`,
    `ruleset: ${plan.ruleset}`,
    `channel: ${tx.channel ?? 'none'}`,
    `frequency: ${tx.channel === null ? 'none' : `${plan.centreMHz(tx.channel)} MHz`}`,
    `bandwidth: ${plan.bandwidthMHz} MHz`,
    `tx-power: ${formatPower(tx.eirpDbm)} dBm`,
    `emission-class: ${radio.emissionClass}`,
    `enabled: ${String(radio.running.enabled)}`,
    `state: ${tx.transmitting ? 'transmitting' : 'muted'}`,
  ];
}

/** Column order is fixed; every cell is one word, so a driver can split on whitespace. */
export function showClients(radio: Radio, links: readonly RadioLink[]): string[] {
  const header = ['ID', 'HOSTNAME', 'MAC', 'RSSI(dBm)', 'SNR(dB)', 'THROUGHPUT(Mbps)', 'STATE'];
  const rows = radio.cpes.map((cpe) => {
    const link = links.find((l) => l.cpeId === cpe.id);
    return [
      cpe.id,
      cpe.running.hostname,
      cpe.mac,
      num(link?.rssiDbm ?? null),
      num(link?.snrDb ?? null),
      (link?.throughputMbps ?? 0).toFixed(1),
      link?.up ? 'up' : 'down',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [`clients: ${rows.length}`, fmt(header), ...rows.map(fmt)];
}

export function showLink(radio: Radio, link: RadioLink | undefined): string[] {
  return [
    `base-station: ${radio.baseStation?.id ?? 'none'}`,
    `state: ${link?.up ? 'up' : 'down'}`,
    `channel: ${link?.channel ?? 'none'}`,
    `rssi: ${unit(link?.rssiDbm ?? null, 'dBm')}`,
    `snr: ${unit(link?.snrDb ?? null, 'dB')}`,
    `noise-floor: ${unit(link?.noiseFloorDbm ?? null, 'dBm')}`,
    `throughput: ${(link?.throughputMbps ?? 0).toFixed(1)} Mbps`,
    `distance: ${(link?.distanceKm ?? 0).toFixed(2)} km`,
    `modulation: ${link?.modulation ?? 'none'}`,
  ];
}

export function showGps(radio: Radio): string[] {
  const pos = gpsReading(radio);
  return [
    'fix: 3d',
    `latitude: ${pos.lat.toFixed(6)}`,
    `longitude: ${pos.lon.toFixed(6)}`,
    `altitude: ${radio.groundM + (radio.role === 'base-station' ? 30 : 6)} m`,
    `satellites: ${7 + (radio.index % 6)}`,
    `time: ${new Date(radio.now()).toISOString()}`,
  ];
}

/** Where the GPS says the radio is: the truth, or a fresh wander of up to N metres under gps-drift. */
export function gpsReading(radio: Radio): { lat: number; lon: number } {
  const drift = radio.fault('gps-drift');
  if (!drift) {
    return { lat: radio.lat, lon: radio.lon };
  }
  return offsetKm(radio.lat, radio.lon, (drift.rng() * drift.metres) / 1000, drift.rng() * 2 * Math.PI);
}

export function showRunningConfig(radio: Radio): string[] {
  return renderConfig(radio.running, radio.role);
}

function num(v: number | null): string {
  return v === null ? '-' : v.toFixed(1);
}

function unit(v: number | null, u: string): string {
  return v === null ? 'none' : `${v.toFixed(1)} ${u}`;
}

export function formatUptime(sec: number): string {
  const d = Math.floor(sec / 86400);
  const h = Math.floor((sec % 86400) / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d}d ${pad(h)}:${pad(m)}:${pad(s)}`;
}
