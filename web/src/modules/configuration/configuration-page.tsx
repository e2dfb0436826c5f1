// Placeholder until the Configuration screen lands (issue 5 and later). It says what will appear here, so the
// shell, the navigation and the e2e smoke journey can be built and tested against a real route today.
import { EmptyState } from '@/ui/empty-state';

const UPCOMING = [
  'Bulk configuration runs over a selection of radios, with progress per radio',
  'A preview of each change before it is pushed',
  'Rollback to a previous configuration and restorable backups',
  'Import of the running configuration from a radio',
] as const;

export function ConfigurationPage() {
  return (
    <>
      <title>Configuration · wsnoc</title>
      <EmptyState
        title="Configuration"
        summary="Safe changes to many radios at once. Appears once configuration runs are available."
        upcoming={UPCOMING}
      />
    </>
  );
}
