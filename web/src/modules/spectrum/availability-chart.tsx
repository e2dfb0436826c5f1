// A station's availability over the next 24 h: one row per channel, a bar wherever the database permits
// it (the power in the bar's label), the granted channel first and outlined, and the grant's coming
// withdrawal (or a limit below the grant) marked in words as well as red. Every bar carries its period
// and power as text, so the chart reads without seeing it.
import type { AvailabilitySlice, StationGrant } from '@wsnoc/shared';
import { useMemo } from 'react';
import { formatAge } from '@/ui/format-age';
import { buildTimeline, type GrantThreat } from './availability-timeline';
import { channelColor } from './channel-colors';
import styles from './spectrum-page.module.css';
import panel from './station-panel.module.css';

const hhmm = (at: number): string => new Date(at).toISOString().slice(11, 16);

function threatText(threat: GrantThreat, channel: number, now: number): string {
  const when = threat.at <= now ? 'now' : `at ${hhmm(threat.at)} UTC (in ${formatAge(threat.at - now)})`;
  const back = threat.until === null ? '' : `, permitted again at ${hhmm(threat.until)} UTC`;
  return threat.kind === 'withdrawn'
    ? `Channel ${channel} is withdrawn ${when}${back}.`
    : `The limit on channel ${channel} drops to ${threat.maxEirpDbm ?? '?'} dBm ${when}${back}.`;
}

export interface AvailabilityChartProps {
  schedule: readonly AvailabilitySlice[];
  grant: StationGrant | null;
  /** The window's start, epoch ms; the chart shows 24 h from it. */
  start: number;
}

export function AvailabilityChart({ schedule, grant, start }: AvailabilityChartProps) {
  const timeline = useMemo(() => buildTimeline(schedule, grant, start), [schedule, grant, start]);
  const { threat } = timeline;
  return (
    <figure
      className={panel.timeline}
      data-testid="availability-timeline"
      aria-labelledby="availability-title"
    >
      <figcaption id="availability-title" className={panel.timelineCaption}>
        <strong>Availability, next 24 h</strong> (UTC; bars where the database permits a channel, with its
        limit)
        {grant && threat === null && (
          <span data-testid="timeline-threat" data-kind="none">
            {' '}
            · ch {grant.channel} stays permitted at {grant.eirpDbm} dBm
            {timeline.knownUntil === null
              ? ' for the whole window.'
              : ` while the schedule speaks (until ${hhmm(timeline.knownUntil)} UTC).`}
          </span>
        )}
        {grant && threat !== null && (
          <span className={styles.bad} data-testid="timeline-threat" data-kind={threat.kind} role="note">
            {' '}
            ✕ {threatText(threat, grant.channel, start)}
          </span>
        )}
      </figcaption>
      {timeline.rows.length === 0 ? (
        <p className={styles.muted}>No schedule yet: the station has not been checked.</p>
      ) : (
        <div className={panel.timelineBody}>
          <div className={panel.timelineAxis} aria-hidden="true">
            {timeline.ticks.map((tick) => (
              <span key={tick.at} style={{ left: `${tick.pct}%` }}>
                {tick.label}
              </span>
            ))}
          </div>
          <ul className={panel.timelineRows}>
            {timeline.rows.map((row) => (
              <li
                key={row.channel}
                className={row.granted ? panel.timelineRowGranted : panel.timelineRow}
                data-testid={`timeline-row-${row.channel}`}
                data-granted={row.granted}
                data-segments={row.segments.length}
              >
                <span className={panel.timelineLabel}>
                  ch {row.channel}
                  {row.granted && <strong> granted</strong>}
                </span>
                <span className={panel.timelineTrack}>
                  {row.segments.map((segment) => (
                    <span
                      key={segment.from}
                      className={panel.timelineBar}
                      style={{
                        left: `${segment.startPct}%`,
                        width: `${Math.max(0.4, segment.endPct - segment.startPct)}%`,
                        background: channelColor(row.channel),
                      }}
                      title={`ch ${row.channel}: ${segment.maxEirpDbm} dBm, ${hhmm(segment.from)}–${hhmm(segment.to)} UTC`}
                    >
                      <span className="visually-hidden">
                        permitted {hhmm(segment.from)} to {hhmm(segment.to)} UTC at {segment.maxEirpDbm} dBm
                      </span>
                    </span>
                  ))}
                  {row.granted && threat !== null && (
                    <span
                      className={panel.timelineThreat}
                      data-testid="timeline-withdrawal"
                      style={{
                        left: `${((Math.max(threat.at, start) - start) / (timeline.end - start)) * 100}%`,
                        width: `${(((threat.until ?? timeline.knownUntil ?? timeline.end) - Math.max(threat.at, start)) / (timeline.end - start)) * 100}%`,
                      }}
                      aria-hidden="true"
                    />
                  )}
                  {timeline.knownUntil !== null && (
                    <span
                      className={panel.timelineUnknown}
                      style={{
                        left: `${timeline.knownUntilPct}%`,
                        width: `${100 - timeline.knownUntilPct}%`,
                      }}
                      aria-hidden="true"
                    />
                  )}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </figure>
  );
}
