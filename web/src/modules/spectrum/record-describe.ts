// Compliance record entries in words a compliance officer reads: what happened, on which channel and
// power, and why. The detail is free-form JSON from the server, so every field is read defensively; what
// this console does not know is shown as it came rather than hidden.
import type { SpectrumRecord, SpectrumRecordKind } from '@wsnoc/shared';

export const RECORD_KIND_LABEL: Record<SpectrumRecordKind, string> = {
  registered: 'registered',
  checked: 'checked',
  'check-failed': 'check failed',
  selected: 'selected',
  notified: 'use notified',
  configured: 'radio configured',
  'configure-failed': 'configure failed',
  muted: 'muted',
  'mute-failed': 'mute failed',
  unmuted: 'unmuted',
  'cpe-limited': 'CPE limited',
  alarm: 'alarm',
  'alarm-cleared': 'alarm cleared',
  'database-switched': 'database switched',
};

/** Failures and alarms stand out by a glyph as well as by colour. */
export const RECORD_KIND_TONE: Record<SpectrumRecordKind, 'ok' | 'info' | 'warn' | 'bad'> = {
  registered: 'info',
  checked: 'info',
  'check-failed': 'warn',
  selected: 'ok',
  notified: 'info',
  configured: 'ok',
  'configure-failed': 'bad',
  muted: 'warn',
  'mute-failed': 'bad',
  unmuted: 'ok',
  'cpe-limited': 'warn',
  alarm: 'bad',
  'alarm-cleared': 'ok',
  'database-switched': 'warn',
};

export const TONE_GLYPH: Record<'ok' | 'info' | 'warn' | 'bad', string> = {
  ok: '●',
  info: '○',
  warn: '▲',
  bad: '✕',
};

type Detail = Record<string, unknown>;

const field = (detail: Detail | null, key: string): unknown => (detail ? detail[key] : undefined);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const obj = (value: unknown): Detail | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Detail) : null;

const channelPower = (channel: number | null, eirpDbm: number | null): string =>
  [channel === null ? null : `ch ${channel}`, eirpDbm === null ? null : `${eirpDbm} dBm`]
    .filter(Boolean)
    .join(' at ');

const utc = (iso: string | null): string | null => (iso ? `${iso.replace('T', ' ').slice(0, 16)} UTC` : null);

function brief(detail: Detail | null): string {
  if (!detail || Object.keys(detail).length === 0) {
    return '';
  }
  const text = JSON.stringify(detail);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** One line for an entry; the channel and power columns carry the numbers, this says what they mean. */
export function describeRecord(record: SpectrumRecord): string {
  const { detail } = record;
  const error = str(field(detail, 'error'));
  const reason = str(field(detail, 'reason'));
  switch (record.kind) {
    case 'registered': {
      const lat = num(field(detail, 'lat'));
      const lon = num(field(detail, 'lon'));
      const moved = field(detail, 'moved') === true ? ' (moved since the last registration)' : '';
      return lat !== null && lon !== null
        ? `Registered with the database at ${lat.toFixed(5)}, ${lon.toFixed(5)}${moved}`
        : `Registered with the database${moved}`;
    }
    case 'checked': {
      const permitted = num(field(detail, 'permitted'));
      const every = num(field(detail, 'maxPollingSecs'));
      const by = str(field(detail, 'locatedBy'));
      return [
        permitted === null ? 'Checked' : `Checked: ${permitted} channels permitted`,
        every === null ? null : `re-check within ${every} s`,
        by === null ? null : `position from ${by}`,
      ]
        .filter(Boolean)
        .join(', ');
    }
    case 'check-failed':
      return `The database check failed${error ? `: ${error}` : ''}`;
    case 'selected': {
      const until = utc(str(field(detail, 'validUntil')));
      return `Selected ${channelPower(record.channel, record.eirpDbm)}${until ? `, valid until ${until}` : ''}`;
    }
    case 'notified':
      return `Told the database it uses ${channelPower(record.channel, record.eirpDbm)}`;
    case 'configured':
    case 'unmuted': {
      const from = obj(field(detail, 'from'));
      const was = from ? channelPower(num(from.channel), num(from.eirpDbm)) : '';
      const grant = obj(field(detail, 'grant'));
      const to = grant
        ? channelPower(num(grant.channel), num(grant.eirpDbm))
        : channelPower(record.channel, record.eirpDbm);
      const verb = record.kind === 'unmuted' ? 'Back on air' : 'Radio set';
      // Why, when the console says: a fleet plan's retune names the plan and the step's kind.
      return `${verb}${to ? ` to ${to}` : ''}${was ? ` (was ${was})` : ''}${reason ? `, for ${reason}` : ''}`;
    }
    case 'configure-failed':
      return `Configuring the radio failed${error ? `: ${error}` : ''}`;
    case 'muted':
      return `Muted${reason ? `: ${reason}` : ''}`;
    case 'mute-failed':
      return `Muting failed, retrying${error ? `: ${error}` : ''}`;
    case 'cpe-limited': {
      const station = str(field(detail, 'station'));
      const from = num(field(detail, 'from'));
      const limit = num(field(detail, 'limit'));
      return `CPE power limited${from !== null ? ` from ${from} dBm` : ''}${limit !== null ? ` to ${limit} dBm` : ''}${station ? ` (behind ${station})` : ''}`;
    }
    case 'alarm':
      return `Alarm: ${str(field(detail, 'alarm')) ?? reason ?? brief(detail)}`;
    case 'alarm-cleared':
      return `Alarm cleared${str(field(detail, 'was')) ? ` (was: ${str(field(detail, 'was'))})` : ''}`;
    case 'database-switched':
      return `Switched database${brief(detail) ? `: ${brief(detail)}` : ''}`;
  }
}

/** "22–23, 25, 28–37": a station's permitted channels, short enough for a table cell. */
export function channelRanges(channels: readonly number[]): string {
  const sorted = [...new Set(channels)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start: number | null = null;
  let previous: number | null = null;
  for (const channel of [...sorted, Number.NaN]) {
    if (start !== null && previous !== null && channel === previous + 1) {
      previous = channel;
      continue;
    }
    if (start !== null && previous !== null) {
      parts.push(start === previous ? String(start) : `${start}–${previous}`);
    }
    start = channel;
    previous = channel;
  }
  return parts.join(', ');
}
