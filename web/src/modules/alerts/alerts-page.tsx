// Placeholder until the Alerts screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Active alerts with the device, since when and why',
  'Device dependencies: a CPE behind a down base station is not a separate outage',
  'Maintenance windows that silence expected alerts',
  'Acknowledgement with who and when',
] as const;

export function AlertsPage() {
  return (
    <>
      <title>Alerts · wsnoc</title>
      <EmptyState
        title="Alerts"
        summary="Active problems, without alert storms. Appears once alerting is running."
        upcoming={UPCOMING}
      />
    </>
  );
}
