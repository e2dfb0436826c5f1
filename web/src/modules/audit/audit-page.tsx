// Placeholder until the Audit screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Every change with its author, time, old value and new value',
  'Per-device change history',
  'Evidence that no radio transmitted outside its white-space grant',
  'Filters by user, device, action and time range',
] as const;

export function AuditPage() {
  return (
    <>
      <title>Audit · wsnoc</title>
      <EmptyState
        title="Audit"
        summary="Who changed what, when, from what and to what. Entries appear here as soon as anyone changes a radio or the console."
        upcoming={UPCOMING}
      />
    </>
  );
}
