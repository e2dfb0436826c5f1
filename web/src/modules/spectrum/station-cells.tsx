// The table's cells that need more than a word: channel and power against the grant, the permitted
// channels in short, and the watchdog's countdown (the only cells that tick each second).
import type { SpectrumStation } from '@wsnoc/shared';
import { formatAge } from '@/ui/format-age';
import { formatUtc } from '@/ui/relative-time';
import { useNow } from '@/ui/use-now.hook';
import { channelColor } from './channel-colors';
import { channelRanges } from './record-describe';
import { channelNow, deadlineOf, offGrant, overLimit, type StationRow } from './station-rows';
import styles from './spectrum-page.module.css';

/** 30, 27.5: a tenth of a dB is what radios set; trailing zeros say nothing. */
const dbm = (value: number | null): string => (value === null ? '—' : String(Math.round(value * 10) / 10));

export function ChannelSwatch({ channel }: { channel: number }) {
  return <span className={styles.swatch} style={{ background: channelColor(channel) }} aria-hidden="true" />;
}

export function ChannelCell({ row }: { row: StationRow }) {
  const channel = channelNow(row);
  const grant = row.station.grant;
  if (channel === null) {
    return <span className={styles.muted}>—</span>;
  }
  const off = row.live?.transmitting === false;
  return (
    <span className={styles.channelCell}>
      <ChannelSwatch channel={channel} />
      <strong>{channel}</strong>
      {offGrant(row) && grant && (
        <span
          className={styles.warn}
          title={`The radio runs ch ${channel}; its grant is ch ${grant.channel}`}
        >
          {' '}
          ▲ grant {grant.channel}
        </span>
      )}
      {off && <span className={styles.muted}> off air</span>}
    </span>
  );
}

export function PowerCell({ row }: { row: StationRow }) {
  const power = row.live?.txPowerDbm ?? null;
  const limit = row.station.grant?.eirpDbm ?? null;
  if (power === null && limit === null) {
    return <span className={styles.muted}>—</span>;
  }
  return (
    <span title="EIRP now / the grant's limit">
      {dbm(power)} / {dbm(limit)} dBm
      {overLimit(row) && <span className={styles.bad}> ✕ above limit</span>}
    </span>
  );
}

/** `clip` keeps a table cell one short line; the panel shows the whole list. */
export function PermittedCell({ station, clip = true }: { station: SpectrumStation; clip?: boolean }) {
  const channels = station.permittedNow.map((permit) => permit.channel);
  if (channels.length === 0) {
    return <span className={station.phase === 'unmanaged' ? styles.muted : styles.bad}>none</span>;
  }
  const ranges = channelRanges(channels);
  return (
    <span title={`Permitted now: ${ranges}`} className={clip ? styles.clip : undefined}>
      <strong>{channels.length}</strong> <span className={styles.muted}>· {ranges}</span>
    </span>
  );
}

/**
 * The watchdog's deadline as a countdown: the station is muted then unless a check extends its grant.
 * Amber in the last quarter of the update interval, when a check is overdue rather than merely due.
 */
export function DeadlineCell({
  station,
  'data-testid': testId,
}: {
  station: SpectrumStation;
  'data-testid'?: string;
}) {
  const deadline = deadlineOf(station);
  const now = useNow(1000, deadline !== null);
  if (station.phase === 'muted' || station.mutedBySpectrum) {
    return (
      <span className={styles.mutedTone} data-testid={testId} title={station.muteReason ?? undefined}>
        ◐ muted{station.muteReason ? `: ${station.muteReason}` : ''}
      </span>
    );
  }
  if (deadline === null || station.muteAt === null) {
    return (
      <span className={styles.muted} data-testid={testId}>
        —
      </span>
    );
  }
  const left = deadline - now;
  const interval = (station.maxPollingSecs ?? 0) * 1000;
  const tone = left <= 0 ? 'bad' : interval > 0 && left < interval / 4 ? 'warn' : 'ok';
  return (
    <time
      dateTime={station.muteAt}
      title={`Muted at ${formatUtc(station.muteAt)} unless re-checked`}
      className={tone === 'bad' ? styles.bad : tone === 'warn' ? styles.warn : undefined}
      data-testid={testId}
      data-tone={tone}
    >
      {left <= 0
        ? `✕ lapsed ${formatAge(-left)} ago`
        : `${tone === 'warn' ? '▲ ' : ''}mutes in ${formatAge(left)}`}
    </time>
  );
}
