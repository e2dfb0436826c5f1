// An incident's age, ticking each second while it is active; a resolved one shows how long it lasted.
import type { Incident } from '@wsnoc/shared';
import { formatUtc } from '@/ui/relative-time';
import { useNow } from '@/ui/use-now.hook';
import { lastedText } from './incident-format';

export function IncidentAge({ incident }: { incident: Incident }) {
  const resolved = incident.resolvedAt !== undefined;
  const now = useNow(1000, !resolved);
  return (
    <time
      dateTime={incident.openedAt}
      title={`Opened ${formatUtc(incident.openedAt)}`}
      data-testid="incident-age"
    >
      {resolved ? `lasted ${lastedText(incident, now)}` : lastedText(incident, now)}
    </time>
  );
}
