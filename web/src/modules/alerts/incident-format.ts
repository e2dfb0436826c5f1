// How an incident reads in a table cell or a panel: its severity as word and glyph, its scope in words, and
// who has it. One place, so the Alerts page, its detail and the small panels say the same thing.
import type { AlertSeverity, Incident, IncidentEventType } from '@wsnoc/shared';
import { formatAge } from '@/ui/format-age';

/** Word + shape + colour, like the device status: readable without colour and on a monochrome wall. */
export const SEVERITY_GLYPH: Record<AlertSeverity, string> = {
  critical: '■',
  major: '▲',
  minor: '◆',
  warning: '●',
};

export function scopeText(incident: Incident): string {
  if (incident.scope.type === 'site') {
    return `site ${incident.scope.site ?? incident.site ?? '?'}`;
  }
  return incident.deviceName ?? incident.scope.deviceId ?? incident.deviceId ?? 'a device';
}

/** How the server names a resolution that no person made. */
const RESOLVED_BY: Record<string, string> = {
  auto: 'resolved by itself',
  merged: 'merged into another incident',
  'device-removed': 'closed: device removed from the inventory',
};

/** "acknowledged by olga", "resolved by itself", "resolved by ben". */
export function stateText(incident: Incident): string {
  switch (incident.state) {
    case 'open':
      return 'open';
    case 'acknowledged':
      return incident.acknowledgedBy ? `acknowledged by ${incident.acknowledgedBy}` : 'acknowledged';
    case 'resolved':
      return incident.resolvedBy
        ? (RESOLVED_BY[incident.resolvedBy] ?? `resolved by ${incident.resolvedBy}`)
        : 'resolved';
  }
}

export const EVENT_LABEL: Record<IncidentEventType, string> = {
  opened: 'Opened',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  suppressed: 'Counted in',
  escalated: 'Escalated',
  notified: 'Notified',
  'notify-failed': 'Notification failed',
  silenced: 'Silenced',
  resolved: 'Resolved',
  reopened: 'Reopened',
};

/** How long an incident lasted, or has lasted so far. */
export const lastedText = (incident: Incident, now: number): string =>
  formatAge((incident.resolvedAt ? Date.parse(incident.resolvedAt) : now) - Date.parse(incident.openedAt));
